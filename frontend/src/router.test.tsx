import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { resolve } from "./App";
import { isCurrent, loginLink } from "./components/Layout";
import { Link, matchPath, queryParam, safeNext } from "./router";
import { csrfToken } from "./api/csrf";

describe("matchPath", () => {
  it("matches fixed segments and reads parameters", () => {
    expect(matchPath("/leagues/join/:code", "/leagues/join/Zk3_-aB9")).toEqual({ code: "Zk3_-aB9" });
    expect(matchPath("/leagues/:id", "/leagues/join/x")).toBeNull();
    expect(matchPath("/", "/")).toEqual({});
    expect(matchPath("/pick", "/pick/")).toEqual({});
  });
});

describe("the routes", () => {
  it("send the join link and a league to their own pages", () => {
    expect(resolve("/leagues/join/abc")?.route.path).toBe("/leagues/join/:code");
    expect(resolve("/leagues/abc")?.route.path).toBe("/leagues/:id");
    expect(resolve("/account/password/reset/4-xyz")?.route.path).toBe("/account/password/reset/:key");
    expect(resolve("/nowhere")).toBeNull();
  });

  it("send the community's pages, and the server's topic URLs, to their pages", () => {
    expect(resolve("/community")?.route.path).toBe("/community");
    expect(resolve("/community/topics/42")?.route.path).toBe("/community/topics/:id");
    expect(resolve("/community/c/handicapping-help")?.route.path).toBe("/community/c/:slug");
    expect(resolve("/community/rounds/11")?.route.path).toBe("/community/rounds/:round");
    expect(resolve("/community/players/8")?.route.path).toBe("/community/players/:id");
    for (const path of ["/community/ask", "/community/me", "/community/top", "/community/dashboard"]) {
      expect(resolve(path)?.route.path).toBe(path);
      expect(resolve(path)?.route.auth).toBe(true);
    }
  });

  it("let visitors read the public community without an account", () => {
    for (const path of ["/community", "/community/search", "/community/c/handicapping-help", "/community/topics/42", "/community/events"]) {
      expect(resolve(path)?.route.auth).toBeFalsy();
    }
  });

  it("keep the player's pages behind a login and the public ones open", () => {
    expect(resolve("/pick")?.route.auth).toBe(true);
    expect(resolve("/leagues/join/abc")?.route.auth).toBeFalsy();
    expect(resolve("/account/signup")?.route.auth).toBeFalsy();
  });
});

describe("safeNext", () => {
  it("only sends players back inside the app", () => {
    expect(safeNext("/leagues/join/abc")).toBe("/leagues/join/abc");
    expect(safeNext("//evil.example/x")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null, "/pick")).toBe("/pick");
  });
});

describe("isCurrent", () => {
  it("marks a section current on its sub-pages, home only on itself", () => {
    expect(isCurrent("/leagues", "/leagues/abc")).toBe(true);
    expect(isCurrent("/", "/leagues")).toBe(false);
    expect(isCurrent("/results", "/resultsx")).toBe(false);
  });
});

describe("loginLink", () => {
  it("comes back to the page it was followed from, or to where an account page led", () => {
    expect(loginLink("/leagues/join/Zk3_-aB9")).toBe("/account/login?next=%2Fleagues%2Fjoin%2FZk3_-aB9");
    expect(loginLink("/results/4?tab=crowd")).toBe("/account/login?next=%2Fresults%2F4%3Ftab%3Dcrowd");
    expect(safeNext(queryParam("next", "?next=%2Fresults%2F4%3Ftab%3Dcrowd"))).toBe("/results/4?tab=crowd");
    expect(loginLink("/")).toBe("/account/login");
    expect(loginLink("/account/signup?next=%2Fpick")).toBe("/account/login?next=%2Fpick");
    expect(loginLink("/account/signup")).toBe("/account/login");
  });
});

describe("Link", () => {
  it("navigates without reloading the page", () => {
    render(<Link to="/rankings">Rankings</Link>);
    fireEvent.click(screen.getByRole("link", { name: "Rankings" }));
    expect(window.location.pathname).toBe("/rankings");
  });
});

describe("csrfToken", () => {
  it("reads Django's cookie among others", () => {
    expect(csrfToken("sessionid=abc; csrftoken=t0k%3Den; other=1")).toBe("t0k=en");
    expect(csrfToken("sessionid=abc")).toBe("");
  });
});
