import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { makeT } from "../../i18n/translate";
import {
  askProblems,
  communityErrorText,
  expertisePoints,
  levelProgress,
  localized,
  pageCount,
  pageParam,
  serverAskErrors,
  serverEditErrors,
  signed,
  withQuery,
  withVote,
} from "./communityLogic";
import { post, topic } from "./fixtures";

const t = makeT("en", "en-GB");

describe("the ask form's checks", () => {
  it("needs a category, a title of 8 to 200 characters and a body", () => {
    expect(askProblems({ category: "", title: " short ", body: "  " }, t)).toEqual({
      category: "Choose a category.",
      title: "The title needs at least 8 characters.",
      body: "Write your message.",
    });
    expect(askProblems({ category: "x", title: "y".repeat(201), body: "ok" }, t)).toEqual({
      title: "The title takes at most 200 characters.",
    });
    expect(askProblems({ category: "x", title: "A fine question", body: "ok" }, t)).toEqual({});
  });

  it("reads the server's field errors and its bad category", () => {
    const error = new ApiError(400, { detail: "Invalid input.", code: "invalid", fields: { body: ["This field may not be blank."] } });
    expect(serverAskErrors(error, t)).toEqual({ body: "This field may not be blank." });
    expect(serverAskErrors(new ApiError(400, { detail: "No such category.", code: "invalid_category" }), t)).toEqual({
      category: "This category does not exist.",
    });
  });
});

describe("the community's refusals", () => {
  it("are said in the player's language when known, in the server's words otherwise", () => {
    const fr = makeT("fr", "fr-FR");
    expect(communityErrorText(new ApiError(409, { detail: "x", code: "already_flagged" }), fr)).toBe("Vous avez déjà signalé ce message.");
    expect(communityErrorText(new ApiError(429, { detail: "Request was throttled.", code: "throttled" }), t)).toContain("too fast");
    expect(communityErrorText(new ApiError(400, { detail: "Something new.", code: "new_rule" }), t)).toBe("Something new.");
    expect(communityErrorText(new ApiError(500, {}), t)).toBe(t("app.error"));
  });

  it("of an edit go beside the title or the text they are about, the others above them", () => {
    const fr = makeT("fr", "fr-FR");
    const spaced = (s: string | null | undefined) => s?.replace(/\s/g, " ");
    const long = serverEditErrors(new ApiError(400, { detail: "A message takes at most 20000 characters.", code: "too_long" }), fr);
    expect({ ...long, body: spaced(long.body) }).toEqual({ title: undefined, body: "Un message compte au plus 20 000 caractères.", rest: null });
    expect(serverEditErrors(new ApiError(400, { detail: "The title takes 8 to 200 characters.", code: "invalid_title" }), t)).toEqual({
      title: "The title takes 8 to 200 characters.",
      body: undefined,
      rest: null,
    });
    const late = serverEditErrors(new ApiError(409, { detail: "Posts can be edited for 30 minutes after posting.", code: "edit_window_closed" }), fr);
    expect(spaced(late.rest)).toBe("Le délai de modification est passé : une question ou une réponse ne se modifie que peu de temps après sa publication.");
    expect(serverEditErrors(new ApiError(403, { detail: "Only its author may change this reply.", code: "not_author" }), t).rest).toBe("Only its author may change this.");
  });
});

describe("levels", () => {
  it("count expertise from reputation, rounds played and winners picked", () => {
    expect(expertisePoints({ reputation: 15, rounds_played: 3, winners_picked: 2 })).toBe(95);
  });

  it("say what is left to the next level, and nothing at the top", () => {
    expect(levelProgress(95)).toEqual({ next: "regular", left: 5, ratio: 0.95 });
    expect(levelProgress(100)).toEqual({ next: "handicapper", left: 400, ratio: 0 });
    expect(levelProgress(5000)).toBeNull();
  });
});

describe("small helpers", () => {
  it("sign reputation points", () => {
    const n = (x: number) => String(x);
    expect(signed(15, n)).toBe("+15");
    expect(signed(-10, n)).toBe("−10");
    expect(signed(0, n)).toBe("0");
  });

  it("build query strings without empty values or the first page", () => {
    expect(withQuery("/community/search", { q: "going soft", page: 1 })).toBe("/community/search?q=going+soft");
    expect(withQuery("/community/c/tips", { q: "", page: 3 })).toBe("/community/c/tips?page=3");
    expect(withQuery("/community/ask", { category: undefined })).toBe("/community/ask");
  });

  it("read page numbers defensively and count pages", () => {
    expect(pageParam("3")).toBe(3);
    expect(pageParam("-1")).toBe(1);
    expect(pageParam("x")).toBe(1);
    expect(pageParam(null)).toBe(1);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
  });

  it("pick the French name when there is one", () => {
    const category = { name_en: "Rules", name_fr: "Règles", description_en: "How", description_fr: "" };
    expect(localized(category, "name", "fr")).toBe("Règles");
    expect(localized(category, "description", "fr")).toBe("How");
    expect(localized(category, "name", "en")).toBe("Rules");
  });
});

describe("a vote's answer", () => {
  it("changes the count and my vote of the question or of that reply only", () => {
    const question = topic({ replies: { count: 2, next: null, previous: null, results: [post(), post({ id: 502 })] } });
    const onTopic = withVote(question, { topic: 42 }, { voted: true, score: 3 });
    expect([onTopic.score, onTopic.viewer.voted]).toEqual([3, true]);
    expect(onTopic.replies).toEqual(question.replies);
    const onReply = withVote(question, { post: 502 }, { voted: true, score: 1 });
    expect(onReply.replies.results.map((p) => [p.id, p.score, p.viewer.voted])).toEqual([
      [501, 0, false],
      [502, 1, true],
    ]);
    expect(onReply.score).toBe(2);
    expect(withVote(question, { topic: 41 }, { voted: true, score: 9 })).toBe(question);
  });
});
