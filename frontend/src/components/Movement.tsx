import { useI18n } from "../i18n";
import { movementOf } from "../pages/rankingsLogic";

/** ▲ 2 / ▼ 1 / – : the arrow for the eye, the words for screen readers. */
export function Movement({ rank, previous, movement }: { rank: number; previous?: number | null; movement?: number | null }) {
  const { t } = useI18n();
  const m = movement !== undefined && movement !== null ? movementOf(rank, rank + movement) : movementOf(rank, previous);
  const text =
    m.kind === "up"
      ? t("leagues.movement.up", { count: m.by })
      : m.kind === "down"
        ? t("leagues.movement.down", { count: m.by })
        : m.kind === "same"
          ? t("leagues.movement.same")
          : t("leagues.movement.new");
  const glyph = m.kind === "up" ? "▲" : m.kind === "down" ? "▼" : m.kind === "same" ? "–" : "•";
  return (
    <span className={`move move-${m.kind === "new" ? "same" : m.kind}`} title={text}>
      <span aria-hidden="true">
        {glyph}
        {m.by ? ` ${m.by}` : ""}
      </span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
