import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderPage } from "../test/render";
import { type Column, StandingsTable } from "./StandingsTable";

type Row = { player_id: number; rank: number; name: string; points: number };

const row = (player_id: number, rank: number, name = `Player ${player_id}`): Row => ({ player_id, rank, name, points: 100 * (50 - rank) });

const COLUMNS: Column<Row>[] = [
  { title: "Rank", cell: (r) => r.rank },
  { title: "Player", player: true, cell: (r) => r.name },
  { title: "Points", numeric: true, cell: (r) => r.points },
];

const TOP = [row(1, 1, "Alice"), row(2, 2, "Bob"), row(3, 3, "Chloé")];

describe("the standings table", () => {
  it("names the table, its columns and each row by its player", () => {
    renderPage(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} meId={undefined} />);
    const table = screen.getByRole("table", { name: "Season" });
    const headers = within(table).getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Rank", "Player", "Points"]);
    expect(headers.map((h) => h.getAttribute("scope"))).toEqual(["col", "col", "col"]);
    expect(headers[2]?.className).toBe("num");
    const bob = within(table).getByRole("row", { name: /Bob/ });
    expect(within(bob).getByRole("rowheader").textContent).toBe("Bob");
    expect(within(bob).getAllByRole("cell").map((c) => c.textContent)).toEqual(["2", "4800"]);
    expect(within(table).getAllByRole("row")).toHaveLength(4);
  });

  it("marks my row for the eye and for screen readers", () => {
    renderPage(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} meId={2} />);
    const mine = screen.getByRole("row", { name: /Bob/ });
    expect(mine.className).toBe("is-me");
    expect(mine.getAttribute("aria-current")).toBe("true");
    expect(within(mine).getByRole("rowheader").textContent).toBe("Bob (You)");
    expect(screen.getByRole("row", { name: /Alice/ }).getAttribute("aria-current")).toBeNull();
  });

  it("adds my row and its neighbours after a gap when I am further down", () => {
    const around = [row(40, 40), row(41, 41, "Me"), row(42, 42)];
    renderPage(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} me={around[1]} aroundMe={around} meId={41} />);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Alice"),
      expect.stringContaining("Bob"),
      expect.stringContaining("Chloé"),
      "⋯Around me",
      expect.stringContaining("Player 40"),
      expect.stringContaining("Me (You)"),
      expect.stringContaining("Player 42"),
    ]);
    expect(within(rows[3] as HTMLElement).getByRole("cell").getAttribute("colspan")).toBe("3");
  });

  it("needs no gap when my neighbours follow the rows shown", () => {
    const around = [row(3, 3, "Chloé"), row(4, 4, "Me"), row(5, 5)];
    renderPage(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} me={around[1]} aroundMe={around} meId={4} />);
    expect(screen.queryByText("Around me")).toBeNull();
    expect(screen.getAllByRole("row")).toHaveLength(1 + 5);
  });

  it("keeps the caption for screen readers only when asked", () => {
    renderPage(<StandingsTable caption="Picks" hiddenCaption columns={COLUMNS} rows={TOP} meId={undefined} />);
    expect(screen.getByRole("table", { name: "Picks" }).querySelector("caption")?.className).toBe("visually-hidden");
  });

  it("offers the next rows while the list has more, and not twice at once", async () => {
    const load = vi.fn();
    const { rerender } = renderPage(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} meId={undefined} more={{ load, busy: false }} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Show more" }));
    expect(load).toHaveBeenCalledTimes(1);
    rerender(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} meId={undefined} more={{ load, busy: true }} />);
    expect((screen.getByRole("button", { name: "Show more" }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<StandingsTable caption="Season" columns={COLUMNS} rows={TOP} meId={undefined} more={null} />);
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();
  });
});
