/** Players without a display name (accounts from before sign-up asked for one) are asked
 * once, on their next visit; "later" hides it for this browser. */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { serverErrors } from "./forms";
import { ErrorMessage, Field } from "./ui";

const LATER = "paddock:name-later";

export function NamePrompt() {
  const { t } = useI18n();
  const { me, updateMe } = useAuth();
  const [name, setName] = useState("");
  const [later, setLater] = useState(() => window.localStorage.getItem(LATER) === "1");
  const save = useMutation({ mutationFn: (display_name: string) => updateMe({ display_name }) });
  if (!me || me.display_name || later) return null;
  const errors = serverErrors(save.error, ["display_name"], { invalid_name: "display_name", name_confusable: "display_name", name_taken: "display_name" });
  const fieldError = errors.field("display_name");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(name.trim());
  }
  function postpone() {
    window.localStorage.setItem(LATER, "1");
    setLater(true);
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="name-prompt-title" style={{ marginBottom: "1rem" }} noValidate>
      <h2 id="name-prompt-title">{t("name.prompt.title")}</h2>
      <p>{t("name.prompt.body")}</p>
      <Field label={t("settings.displayName")} name="display_name" autoComplete="nickname" required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} error={fieldError} />
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
      <div className="row">
        <button className="button" type="submit" disabled={save.isPending || !name.trim()}>
          {t("settings.save")}
        </button>
        <button className="button button-secondary" type="button" onClick={postpone}>
          {t("name.prompt.later")}
        </button>
      </div>
    </form>
  );
}
