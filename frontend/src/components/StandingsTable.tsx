/**
 * Every standings table of the app (the season's and the week's rankings, a league's table and
 * its round): one markup. The columns are the caller's; the table marks my row, shows my row and
 * its neighbours after a gap when I am further down, and offers the next rows when there are more.
 */
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { type Ranked, tableWithMe } from "../pages/rankingsLogic";

export type Column<R> = {
  title: string;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** The column naming the player: the row's header for screen readers. */
  player?: boolean;
  cell: (row: R) => ReactNode;
};

export type More = { load: () => void; busy: boolean };

/** An infinite list's pages loaded so far, its first page, and "Show more" while it has a next one. */
export type Loaded<P> = { first: P; pages: P[]; more: More | null };

type InfiniteList<P> = { data?: { pages: P[] }; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

export function loaded<P>(list: InfiniteList<P>): Loaded<P> | null {
  const first = list.data?.pages[0];
  if (!list.data || first === undefined) return null;
  const more = list.hasNextPage ? { load: () => void list.fetchNextPage(), busy: list.isFetchingNextPage } : null;
  return { first, pages: list.data.pages, more };
}

export type StandingsTableProps<R extends Ranked> = {
  caption: ReactNode;
  /** A caption for screen readers only (the page's heading already says it). */
  hiddenCaption?: boolean;
  columns: Column<R>[];
  rows: R[];
  /** My row, and the rows around it, shown after a gap when not among `rows`. */
  me?: R | null;
  aroundMe?: R[];
  meId: number | undefined;
  /** The next rows, when the list has more: "Show more". */
  more?: More | null;
};

export function StandingsTable<R extends Ranked>({ caption, hiddenCaption, columns, rows, me, aroundMe = [], meId, more }: StandingsTableProps<R>) {
  const { t } = useI18n();
  const lines = tableWithMe(rows, aroundMe, me);
  const num = (column: Column<R>) => (column.numeric ? "num" : undefined);
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className={hiddenCaption ? "visually-hidden" : undefined}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column, c) => (
                <th key={c} scope="col" className={num(column)}>
                  {column.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              if (line.kind === "gap") {
                return (
                  <tr key={`gap-${i}`} className="gap">
                    <td colSpan={columns.length}>
                      <span aria-hidden="true">⋯</span>
                      <span className="visually-hidden">{t("rankings.aroundMe")}</span>
                    </td>
                  </tr>
                );
              }
              const mine = line.row.player_id === meId;
              return (
                <tr key={line.row.player_id} className={mine ? "is-me" : undefined} aria-current={mine ? "true" : undefined}>
                  {columns.map((column, c) =>
                    column.player ? (
                      <th key={c} scope="row" className={num(column)}>
                        {column.cell(line.row)}
                        {mine && <span className="visually-hidden"> ({t("rankings.me")})</span>}
                      </th>
                    ) : (
                      <td key={c} className={num(column)}>
                        {column.cell(line.row)}
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {more && (
        <button type="button" className="button button-secondary" disabled={more.busy} onClick={more.load}>
          {t("rankings.more")}
        </button>
      )}
    </>
  );
}
