/**
 * Inviting, for the owner and managers: the league's invite codes (add one that expires or
 * is limited in uses, revoke one, regenerate them all) and invitations sent by email.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { invalidate, keys, leagueCodesQuery, leagueInvitationsQuery } from "../../api/queries";
import type { League, LeagueCode, LeagueInvitation } from "../../api/types";
import { SelectField, serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Loading } from "../../components/ui";
import { useI18n } from "../../i18n";

/** The end of the day a date input names, in the player's own clock, as the API takes it. */
export function endOfDay(day: string): string | null {
  if (!day) return null;
  const date = new Date(`${day}T23:59:59`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function CodeRow({ league, code }: { league: League; code: LeagueCode }) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/leagues/{public_id}/codes/{code_id}/", { params: { path: { public_id: league.id, code_id: code.id } } })),
    onSuccess: () => invalidate(client, keys.league(league.id)),
  });
  const state = code.revoked_at ? t("leagues.code.revoked") : code.is_usable ? t("leagues.code.usable") : t("leagues.code.spent");
  return (
    <li className="code-row">
      <span>
        <code className="invite-code">{code.code}</code> <span className={`badge ${code.is_usable ? "" : "badge-muted"}`}>{state}</span>
        <br />
        <span className="muted">
          {code.max_uses ? t("leagues.code.usesOf", { uses: String(code.uses), max: String(code.max_uses) }) : t("leagues.code.uses", { count: code.uses })}
          {code.expires_at ? ` · ${t("leagues.code.expires", { date: fmt.date(code.expires_at) })}` : ""}
        </span>
      </span>
      {code.is_usable && (
        <button type="button" className="button button-small-secondary" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {t("leagues.code.revoke", { code: code.code })}
        </button>
      )}
      {revoke.error ? <ErrorMessage error={revoke.error} /> : null}
    </li>
  );
}

export function InviteCodes({ league }: { league: League }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const codes = useQuery(leagueCodesQuery(league.id));
  const [form, setForm] = useState({ expires: "", max_uses: "" });
  const path = { params: { path: { public_id: league.id } } };
  const body = () => ({ expires_at: endOfDay(form.expires), max_uses: form.max_uses.trim() ? Number(form.max_uses) : null });
  const done = () => invalidate(client, keys.league(league.id));
  const add = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/codes/", { ...path, body: body() })), onSuccess: done });
  const regenerate = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/codes/regenerate/", { ...path, body: body() })), onSuccess: done });
  const failed = add.error ?? regenerate.error;
  const errors = serverErrors(failed, ["expires_at", "max_uses"], { invalid_expiry: "expires_at", invalid_max_uses: "max_uses" });

  function submit(event: FormEvent) {
    event.preventDefault();
    regenerate.reset();
    add.mutate();
  }
  return (
    <section className="card stack" aria-labelledby="league-codes">
      <h2 id="league-codes">{t("leagues.codes")}</h2>
      {codes.error ? <ErrorMessage error={codes.error} retry={() => void codes.refetch()} /> : codes.isPending ? <Loading /> : (
        <ul className="list-plain">
          {codes.data.map((code) => (
            <CodeRow key={code.id} league={league} code={code} />
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} aria-labelledby="league-code-new" noValidate>
        <h3 id="league-code-new">{t("leagues.code.new")}</h3>
        <Field label={t("leagues.code.expiresLabel")} hint={t("leagues.code.expiresHint")} name="expires_at" type="date" value={form.expires} onChange={(e) => setForm({ ...form, expires: e.target.value })} error={errors.field("expires_at")} />
        <Field label={t("leagues.code.maxUses")} hint={t("leagues.code.maxUsesHint")} name="max_uses" type="number" inputMode="numeric" min={1} value={form.max_uses} onChange={(e) => setForm({ ...form, max_uses: e.target.value })} error={errors.field("max_uses")} />
        {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
        <div className="row">
          <button type="submit" className="button" disabled={add.isPending}>
            {t("leagues.code.add")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={regenerate.isPending}
            onClick={() => {
              add.reset();
              if (window.confirm(t("leagues.code.regenerateConfirm"))) regenerate.mutate();
            }}
          >
            {t("leagues.code.regenerate")}
          </button>
        </div>
      </form>
    </section>
  );
}

function invitationState(invitation: LeagueInvitation, t: ReturnType<typeof useI18n>["t"]): string {
  if (invitation.accepted_at) return t("leagues.email.accepted");
  if (invitation.revoked_at) return t("leagues.email.revoked");
  if (invitation.expires_at && new Date(invitation.expires_at).getTime() < Date.now()) return t("leagues.email.expired");
  return invitation.sent_at ? t("leagues.email.sent") : t("leagues.email.queued");
}

function InvitationRow({ league, invitation }: { league: League; invitation: LeagueInvitation }) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/v1/leagues/{public_id}/invitations/{invitation_id}/", { params: { path: { public_id: league.id, invitation_id: invitation.id } } })),
    onSuccess: () => invalidate(client, keys.leagueInvitations(league.id)),
  });
  const open = !invitation.accepted_at && !invitation.revoked_at;
  return (
    <li className="code-row">
      <span>
        <strong className="break">{invitation.email}</strong> <span className="badge badge-muted">{invitationState(invitation, t)}</span>
        <br />
        <span className="muted">{fmt.date(invitation.created_at)}</span>
      </span>
      {open && (
        <button type="button" className="button button-small-secondary" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {t("leagues.email.revoke", { email: invitation.email })}
        </button>
      )}
      {revoke.error ? <ErrorMessage error={revoke.error} /> : null}
    </li>
  );
}

export function EmailInvitations({ league }: { league: League }) {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const invitations = useQuery(leagueInvitationsQuery(league.id));
  const [email, setEmail] = useState("");
  const [language, setLanguage] = useState<"en" | "fr">(lang);
  const [sent, setSent] = useState("");
  const send = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/invitations/", { params: { path: { public_id: league.id } }, body: { email: email.trim(), language } })),
    onSuccess: (invitation) => {
      setSent(t("leagues.email.done", { email: invitation.email }));
      setEmail("");
      void invalidate(client, keys.leagueInvitations(league.id));
    },
  });
  const errors = serverErrors(send.error, ["email", "language"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSent("");
    send.mutate();
  }
  return (
    <section className="card stack" aria-labelledby="league-emails">
      <h2 id="league-emails">{t("leagues.email.title")}</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <Field label={t("leagues.email.address")} name="email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.field("email")} />
        <SelectField label={t("leagues.email.language")} name="language" value={language} onChange={(e) => setLanguage(e.target.value === "fr" ? "fr" : "en")} error={errors.field("language")}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </SelectField>
        {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
        <p role="status" className="feedback">
          {sent}
        </p>
        <button type="submit" className="button" disabled={send.isPending || !email.trim()}>
          {t("leagues.email.send")}
        </button>
      </form>
      {invitations.error ? <ErrorMessage error={invitations.error} retry={() => void invitations.refetch()} /> : invitations.isPending ? <Loading /> : invitations.data.length > 0 ? (
        <ul className="list-plain">
          {invitations.data.map((invitation) => (
            <InvitationRow key={invitation.id} league={league} invitation={invitation} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
