/** Account settings sections: email updates, and betting offers with a break, self-exclusion
 * and the season's reality check. */
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../api/client";
import { bettingPreferencesQuery, emailPreferencesQuery, invalidate, keys, realityCheckQuery } from "../../api/queries";
import type { BettingPreference, BreakPeriod, EmailPreferences, EmailPreferencesInput, SelfExclusionPeriod } from "../../api/types";
import { Toggle } from "../../components/forms";
import { RealityCheckFigures } from "../../components/RealityCheck";
import { ErrorMessage, Loading, Notice } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { exclusionEnd, isPeriod } from "./bettingLogic";

type EmailKind = keyof EmailPreferencesInput & keyof EmailPreferences;
const EMAIL_KINDS: EmailKind[] = ["round_open", "reminders", "results", "community_digest"];

type EmailChange = { kind: EmailKind; on: boolean };

export function EmailSettings() {
  const { t } = useI18n();
  const client = useQueryClient();
  const prefs = useQuery(emailPreferencesQuery);
  const key = emailPreferencesQuery.queryKey;
  const [saved, setSaved] = useState(false);
  // The switch moves at once; the server's answer replaces it, a refusal puts it back.
  const change = useMutation({
    mutationFn: ({ kind, on }: EmailChange) => unwrap(api.PATCH("/api/v1/notifications/preferences/", { body: { [kind]: on } })),
    onMutate: async ({ kind, on }: EmailChange) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData(key);
      if (before) client.setQueryData(key, { ...before, [kind]: on });
      return { before };
    },
    onSuccess: (answer) => client.setQueryData(key, answer),
    onError: (_error, _change, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
  });

  return (
    <section className="card stack" aria-labelledby="email-title" id="emails">
      <h2 id="email-title">{t("settings.email.title")}</h2>
      <p className="hint">{t("settings.email.intro")}</p>
      {prefs.error ? (
        <ErrorMessage error={prefs.error} retry={() => void prefs.refetch()} />
      ) : prefs.isPending ? (
        <Loading />
      ) : prefs.data ? (
        <>
          <div>
            {EMAIL_KINDS.map((kind) => (
              <Toggle
                key={kind}
                name={kind}
                label={t(`settings.email.${kind}` as MessageKey)}
                hint={t(`settings.email.${kind}Hint` as MessageKey)}
                checked={Boolean(prefs.data?.[kind])}
                disabled={change.isPending}
                onChange={(e) => {
                  setSaved(false);
                  change.mutate({ kind, on: e.target.checked }, { onSuccess: () => setSaved(true) });
                }}
              />
            ))}
          </div>
          <p className="hint">{t("settings.email.noBetting")}</p>
        </>
      ) : null}
      <div aria-live="polite">{saved && <p className="feedback">{t("settings.email.saved")}</p>}</div>
      {change.error && <ErrorMessage error={change.error} />}
    </section>
  );
}

/** Betting preferences changed (the answer is the stored state): offers and the reality check follow. */
function bettingChanged(client: QueryClient, pref: BettingPreference): void {
  client.setQueryData(bettingPreferencesQuery.queryKey, pref);
  void invalidate(client, keys.offers, keys.realityCheck);
}

/** A short break (24 hours to 6 weeks): no betting content until it ends; never cut short. */
function TakeABreak({ pref, onDone }: { pref: BettingPreference; onDone: (pref: BettingPreference) => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const periods = pref.break_periods.filter((p): p is BreakPeriod => isPeriod(p));
  const [period, setPeriod] = useState<BreakPeriod>(periods[0] ?? "24h");
  const start = useMutation({
    mutationFn: (chosen: BreakPeriod) => unwrap(api.POST("/api/v1/handoff/break/", { body: { period: chosen } })),
    onSuccess: (next) => {
      bettingChanged(client, next);
      onDone(next);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate(period);
  }
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="break-title">
      <h3 id="break-title">{t("settings.break.title")}</h3>
      <p className="hint">{t("settings.break.intro")}</p>
      <fieldset className="choices" disabled={start.isPending}>
        <legend>{t("settings.break.period")}</legend>
        {periods.map((p) => (
          <label key={p}>
            <input type="radio" name="break-period" value={p} checked={period === p} onChange={() => setPeriod(p)} />
            {t(`settings.break.period.${p}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button-secondary" disabled={start.isPending}>
        {pref.on_break ? t("settings.break.extend") : t("settings.break.start")}
      </button>
      {start.error && <ErrorMessage error={start.error} />}
    </form>
  );
}

/** The current season's reality check; hidden (by the server) during a break or a self-exclusion. */
function RealityCheckSettings() {
  const { t } = useI18n();
  const answer = useQuery(realityCheckQuery);
  if (answer.isPending || answer.error) return null;
  const check = answer.data.reality_check;
  return (
    <section className="stack" aria-labelledby="reality-settings-title">
      <h3 id="reality-settings-title">{t("settings.reality.title")}</h3>
      {check ? <RealityCheckFigures check={check} /> : answer.data.reason !== "no_season" && <p className="hint">{t("settings.reality.hidden")}</p>}
    </section>
  );
}

function SelfExclusion({ pref, onExcluded }: { pref: BettingPreference; onExcluded: (pref: BettingPreference) => void }) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  // Already excluded: only the periods that end later (an exclusion is never shortened).
  const current = pref.self_excluded_until ? new Date(pref.self_excluded_until) : null;
  const periods = pref.self_exclusion_periods
    .filter((p): p is SelfExclusionPeriod => isPeriod(p))
    .filter((p) => !current || exclusionEnd(p) > current);
  const [period, setPeriod] = useState<SelfExclusionPeriod>(periods[0] ?? "6m");
  const [confirming, setConfirming] = useState(false);
  const exclude = useMutation({
    mutationFn: (chosen: SelfExclusionPeriod) => unwrap(api.POST("/api/v1/handoff/self-exclusion/", { body: { period: chosen } })),
    onSuccess: (next) => {
      setConfirming(false);
      bettingChanged(client, next);
      onExcluded(next);
    },
  });
  const busy = exclude.isPending;
  const error = exclude.error;
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const giveBackFocus = useRef(false);

  useEffect(() => {
    // The confirmation takes the focus; cancelling it gives the focus back to the button.
    if (confirming) box.current?.focus();
    else if (giveBackFocus.current) opener.current?.focus();
    giveBackFocus.current = false;
  }, [confirming]);

  function ask(event: FormEvent) {
    event.preventDefault();
    exclude.reset();
    setConfirming(true);
  }

  function cancel() {
    giveBackFocus.current = true;
    setConfirming(false);
  }


  const periodLabel = (p: SelfExclusionPeriod) => t(`settings.betting.period.${p}` as MessageKey);
  if (periods.length === 0) return <p className="hint">{t("settings.betting.extendNone")}</p>;
  const end = exclusionEnd(period).toISOString();
  return (
    <form className="stack" onSubmit={ask} aria-labelledby="exclusion-title">
      <h3 id="exclusion-title">{pref.self_excluded ? t("settings.betting.extend") : t("settings.betting.selfExclude")}</h3>
      <p className="hint">{t("settings.betting.selfExcludeIntro")}</p>
      <p className="hint">
        <a href={pref.self_exclusion_source.url} target="_blank" rel="noopener noreferrer">
          {t("settings.betting.source", { source: pref.self_exclusion_source.text })}
          <span className="visually-hidden"> {t("app.newTab")}</span>
        </a>
      </p>
      <fieldset className="choices" disabled={confirming || busy}>
        <legend>{t("settings.betting.period")}</legend>
        {periods.map((p) => (
          <label key={p}>
            <input type="radio" name="period" value={p} checked={period === p} onChange={() => setPeriod(p)} />
            {periodLabel(p)}
          </label>
        ))}
      </fieldset>
      {!confirming ? (
        <button ref={opener} type="submit" className="button button-danger">
          {pref.self_excluded ? t("settings.betting.extend") : t("settings.betting.selfExclude")}
        </button>
      ) : (
        <div ref={box} className="confirm-box stack" role="alertdialog" aria-modal="false" aria-labelledby="confirm-title" aria-describedby="confirm-body" tabIndex={-1}>
          <h4 id="confirm-title">{t("settings.betting.confirmTitle")}</h4>
          <p id="confirm-body">{t("settings.betting.confirmBody", { date: fmt.date(end) })}</p>
          <div className="row">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => exclude.mutate(period)}>
              {t("settings.betting.confirm", { period: periodLabel(period) })}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={cancel}>
              {t("app.cancel")}
            </button>
          </div>
        </div>
      )}
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

export function BettingSettings() {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const prefs = useQuery(bettingPreferencesQuery);
  const [message, setMessage] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (on: boolean) => unwrap(api.PATCH("/api/v1/handoff/preferences/", { body: { offers_enabled: on } })),
    onSuccess: (next) => {
      bettingChanged(client, next);
      setMessage(t("settings.betting.saved"));
    },
  });
  const pref = prefs.data;

  function excluded(next: BettingPreference) {
    setMessage(next.self_excluded_until ? t("settings.betting.done", { date: fmt.date(next.self_excluded_until) }) : null);
  }

  function onBreak(next: BettingPreference) {
    setMessage(next.break_until ? t("settings.break.until", { date: fmt.date(next.break_until) }) : null);
  }

  return (
    <section className="card stack" aria-labelledby="betting-title" id="betting">
      <h2 id="betting-title">{t("settings.betting.title")}</h2>
      <p className="hint">{t("settings.betting.intro")}</p>
      {prefs.error ? (
        <ErrorMessage error={prefs.error} retry={() => void prefs.refetch()} />
      ) : prefs.isPending ? (
        <Loading />
      ) : pref ? (
        <>
          {pref.self_excluded && pref.self_excluded_until && (
            <Notice kind="info">
              <p>
                <strong>{t("settings.betting.excludedUntil", { date: fmt.date(pref.self_excluded_until) })}</strong>
              </p>
              <p>{t("settings.betting.offersBlocked")}</p>
            </Notice>
          )}
          {pref.on_break && pref.break_until && (
            <Notice kind="info">
              <p>
                <strong>{t("settings.break.until", { date: fmt.date(pref.break_until) })}</strong>
              </p>
            </Notice>
          )}
          <Toggle
            name="offers_enabled"
            label={t("settings.betting.offers")}
            hint={t("settings.betting.offersHint")}
            checked={pref.offers_enabled && !pref.self_excluded}
            disabled={toggle.isPending || pref.self_excluded}
            onChange={(e) => {
              setMessage(null);
              toggle.mutate(e.target.checked);
            }}
          />
          <div aria-live="polite">{message && <p className="feedback">{message}</p>}</div>
          {toggle.error && <ErrorMessage error={toggle.error} />}
          <RealityCheckSettings />
          {/* A break would hide nothing more than the self-exclusion already does. */}
          {!pref.self_excluded && <TakeABreak key={`break-${pref.break_until ?? "none"}`} pref={pref} onDone={onBreak} />}
          <SelfExclusion key={pref.self_excluded_until ?? "none"} pref={pref} onExcluded={excluded} />
        </>
      ) : null}
    </section>
  );
}

