/** The reality check: my season's picks as real 2 € bets at the official dividends, uncapped.
 * Shown before a first hand-off of the season and on the betting settings. */
import type { RealityCheckData } from "../api/types";
import { useI18n } from "../i18n";

export function RealityCheckFigures({ check }: { check: RealityCheckData }) {
  const { t, fmt } = useI18n();
  if (check.weeks === 0) return <p>{t("handoff.reality.none")}</p>;
  const amount = fmt.euros(Math.abs(check.net_cents));
  const verdict =
    check.outcome === "gain"
      ? t("handoff.reality.gain", { amount })
      : check.outcome === "loss"
        ? t("handoff.reality.loss", { amount })
        : t("handoff.reality.even");
  return (
    <div className="stack reality-check">
      <p>{t("handoff.reality.intro", { count: check.weeks })}</p>
      <dl className="reality-figures">
        <div>
          <dt>{t("handoff.reality.staked")}</dt>
          <dd>{fmt.euros(check.staked_cents)}</dd>
        </div>
        <div>
          <dt>{t("handoff.reality.returned")}</dt>
          <dd>{fmt.euros(check.returned_cents)}</dd>
        </div>
        <div>
          <dt>{t("handoff.reality.net")}</dt>
          <dd>{(check.net_cents > 0 ? "+" : check.net_cents < 0 ? "−" : "") + amount}</dd>
        </div>
      </dl>
      <p>
        <strong>{verdict}</strong> {t("handoff.reality.weeksLost", { lost: check.weeks_lost, weeks: check.weeks })}
      </p>
      <p className="hint">{t("handoff.reality.refunds")}</p>
    </div>
  );
}
