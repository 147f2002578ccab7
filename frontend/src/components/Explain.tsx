/** "Explain my score": each selection of a settled pick, from the server's explanation. */
import type { RoundResult } from "../api/types";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { runnerName } from "./race";

type Explanation = NonNullable<RoundResult["explanation"]>;
type Leg = Explanation["legs"][number];

const POOL_KEYS: Record<string, MessageKey> = {
  internet: "explain.pool.internet",
  shop: "explain.pool.shop",
  operator: "explain.pool.operator",
};

/** The sentences that explain one selection, in order. */
export function legLines(leg: Leg, result: RoundResult, t: (key: MessageKey, vars?: Record<string, string | number>) => string, fmt: { euros: (c: number) => string; points: (c: number) => string }): string[] {
  const round = result.round;
  const lines = [t("explain.picked", { runner: runnerName(round, leg.picked) })];
  if (leg.picked_state === "non_runner") {
    if (leg.substitution === "alternate") lines.push(t("explain.toAlternate", { runner: runnerName(round, leg.settled_on) }));
    else if (leg.substitution === "favourite") lines.push(t("explain.toFavourite", { runner: runnerName(round, leg.settled_on) }));
    else lines.push(t("explain.nonRunnerStays"));
  }
  if (leg.settled_state === "disqualified") lines.push(t("explain.disqualified"));
  if (leg.dead_heat) lines.push(t("explain.deadHeat"));
  if (leg.dividend_cents !== null) {
    const pool = leg.pool ? t(POOL_KEYS[leg.pool] ?? "explain.pool.internet") : "";
    lines.push(t("explain.dividend", { amount: fmt.euros(leg.dividend_cents), pool }));
    if (leg.paid_runner !== null && leg.paid_runner !== leg.settled_on) {
      lines.push(t("explain.coupled", { runner: runnerName(round, leg.paid_runner) }));
    }
    if (leg.capped && leg.cap_cents !== null) lines.push(t("explain.capped", { cap: fmt.euros(leg.cap_cents) }));
  } else if (!leg.hit) {
    lines.push(t(leg.settled_state === "disqualified" ? "explain.zeroDisqualified" : "explain.notPaid"));
  }
  lines.push(t("explain.points", { points: fmt.points(leg.points) }));
  return lines;
}

export function ExplainScore({ result }: { result: RoundResult }) {
  const { t, fmt } = useI18n();
  const explanation = result.explanation;
  if (!explanation) return null;
  const label = { win: t("pick.win"), place: t("pick.place") };
  return (
    <details className="explain">
      <summary>{t("explain.title")}</summary>
      <p className="hint">
        {explanation.mode === "parimutuel"
          ? t("explain.rule", { stake: fmt.euros(explanation.stake_cents) })
          : t("explain.fixedRule")}
      </p>
      {explanation.legs.map((leg) => (
        <div key={leg.kind}>
          <h3>{label[leg.kind]}</h3>
          <ol className="explain-steps">
            {legLines(leg, result, t, fmt).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </div>
      ))}
      <p>
        <strong>{t("explain.total", { points: fmt.points(explanation.points) })}</strong>
      </p>
    </details>
  );
}
