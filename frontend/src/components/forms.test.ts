import { describe, expect, it } from "vitest";
import { AllauthFailure } from "../api/allauth";
import { ApiError } from "../api/client";
import { serverErrors } from "./forms";

describe("serverErrors", () => {
  it("puts each field's message beside its input and keeps the rest for the form", () => {
    const error = new ApiError(400, { detail: "Invalid input.", code: "invalid", fields: { name: ["Too long."], other: ["Not on this form."] } });
    const errors = serverErrors(error, ["name", "description"]);
    expect(errors.field("name")).toBe("Too long.");
    expect(errors.field("description")).toBeUndefined();
    expect(errors.rest).toBeNull();
  });

  it("places a coded refusal on the input it is about, else leaves it to the form", () => {
    const confusable = new ApiError(409, { detail: "Looks like another league's name.", code: "name_confusable" });
    expect(serverErrors(confusable, ["name"], { name_confusable: "name" }).field("name")).toBe("Looks like another league's name.");
    const full = new ApiError(409, { detail: "The league is full.", code: "league_full" });
    const errors = serverErrors(full, ["name"], { name_confusable: "name" });
    expect(errors.field("name")).toBeUndefined();
    expect(errors.rest).toBe(full);
    expect(serverErrors(null, ["name"]).rest).toBeNull();
  });

  it("reads allauth's per-input errors too", () => {
    const failure = new AllauthFailure({ status: 400, errors: [{ message: "Already in use.", code: "email_taken", param: "email" }] });
    expect(serverErrors(failure, ["email", "password"]).field("email")).toBe("Already in use.");
  });
});
