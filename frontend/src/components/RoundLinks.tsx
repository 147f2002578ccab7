/** The round pages' links out: its community thread, and the responsible betting hand-off. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { invalidate, keys, offerQuery, type OfferPage, roundThreadQuery } from "../api/queries";
import type { BetAction, RealityCheckData, RoundOffer } from "../api/types";
import { useI18n } from "../i18n";
import { numbered } from "../i18n/format";
import type { MessageKey } from "../i18n/en";
import { Link, safeNext } from "../router";
import { RealityCheckFigures } from "./RealityCheck";

/** "Ask the community / Discuss this race": the round's thread, with its number of replies. */
export function RoundThreadLink({ roundId, page }: { roundId: number; page: OfferPage }) {
  const { t } = useI18n();
  // No thread, or it cannot be had: no link.
  const { data, isPending } = useQuery(roundThreadQuery(roundId));
  // Its room is kept while it loads: the form below does not jump when it arrives (CLS).
  if (isPending) return <p className="thread-link thread-link-pending" aria-hidden="true" />;
  if (!data) return null;
  return (
    <p className="thread-link">
      <Link to={safeNext(data.url, `/community/rounds/${roundId}`)} className="button button-secondary">
        {page === "pick" ? t("community.round.ask") : t("community.round.discuss")}
      </Link>{" "}
      <span className="muted nowrap">{t("community.round.count", { count: data.reply_count })}</span>
    </p>
  );
}

function actionLabel(action: BetAction, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  // A kind of bet the app does not know yet reads as its name in words (t's fallback).
  const kind = t(`handoff.kind.${action.bet_kind}` as MessageKey);
  return t("handoff.action", { kind, runner: numbered(action.runner, action.runner_name) });
}

/** The season's reality check, until read: the offer's actions wait behind it. */
function RealityGate({ check, roundId }: { check: RealityCheckData; roundId: number }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const read = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/handoff/reality-check/seen/", { body: { season: check.season } })),
    onSuccess: () => void invalidate(client, keys.roundOffers(roundId), keys.realityCheck),
  });
  return (
    <div className="stack" role="group" aria-labelledby="reality-title">
      <h3 id="reality-title">{t("handoff.reality.title")}</h3>
      <RealityCheckFigures check={check} />
      <button type="button" className="button button-secondary" disabled={read.isPending} onClick={() => read.mutate()}>
        {t("handoff.reality.read")}
      </button>
    </div>
  );
}

/** The offer itself: the actions (after the season's reality check, once read), with the
 * responsible-gambling notice always beside them. */
export function BetOfferCard({ offer, check }: { offer: NonNullable<RoundOffer["offer"]>; check?: RealityCheckData | null }) {
  const { t } = useI18n();
  const rg = offer.responsible_gambling;
  const phone = rg.helpline_phone.replace(/[^\d+]/g, "");
  return (
    <section className="card stack bet-offer" aria-labelledby="bet-offer-title">
      <h2 id="bet-offer-title">{t("handoff.title")}</h2>
      <p>{t("handoff.intro", { partner: offer.partner.name })}</p>
      {check && !check.seen ? (
        <RealityGate check={check} roundId={offer.round} />
      ) : (
        <ul className="list-plain bet-actions">
          {offer.actions.map((action) => (
            <li key={`${action.bet_kind}-${action.runner}`}>
              <a href={action.url} target="_blank" rel="noopener" className="button button-bet">
                {actionLabel(action, t)}
                <span className="visually-hidden"> {t("app.newTab")}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <aside className="rg-notice" aria-labelledby="rg-title">
        <h3 id="rg-title">
          <span aria-hidden="true">18+ </span>
          {t("handoff.responsible")}
        </h3>
        <p>{rg.text}</p>
        <p className="row">
          {rg.helpline_url && (
            <a href={rg.helpline_url} target="_blank" rel="noopener noreferrer">
              {t("handoff.helpline", { name: rg.helpline_name })}
              <span className="visually-hidden"> {t("app.newTab")}</span>
            </a>
          )}
          {rg.helpline_phone && <a href={`tel:${phone}`}>{t("handoff.call", { phone: rg.helpline_phone })}</a>}
        </p>
      </aside>
      <p className="hint">
        <Link to="/account#betting">{t("handoff.settings")}</Link>
      </p>
    </section>
  );
}

/** Asks the server for the round's offer on this page; shows nothing when there is none
 * (or when it cannot be had). Only the pick page asks: the server makes offers there alone,
 * before the race. A saved pick makes it stale: it is asked again. */
export function BetOffer({ roundId, page }: { roundId: number; page: OfferPage }) {
  const { data } = useQuery(offerQuery(roundId, page));
  if (!data?.offer || data.offer.actions.length === 0) return null;
  return <BetOfferCard offer={data.offer} check={data.reality_check} />;
}
