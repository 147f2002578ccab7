/** /community/ask: a question in a category, with a title and a Markdown body. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { api, unwrap } from "../../api/client";
import { categoriesQuery, invalidate, keys } from "../../api/queries";
import type { AskInput } from "../../api/types";
import { SelectField, TextAreaField, useFocusOnFailure } from "../../components/forms";
import { ErrorMessage, Field, Loading, Notice, PageTitle } from "../../components/ui";
import { setFlash } from "../../flash";
import { useI18n } from "../../i18n";
import { Link, navigate, queryParam } from "../../router";
import { type AskErrors, type AskForm, askProblems, BODY_MAX, communityErrorText, localized, serverAskErrors, TITLE_MAX, TITLE_MIN } from "./communityLogic";

export default function Ask() {
  const { t, lang, fmt } = useI18n();
  const client = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const [form, setForm] = useState<AskForm>(() => ({ category: queryParam("category") ?? "", title: "", body: "" }));
  const [errors, setErrors] = useState<AskErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [round] = useState(() => Number(queryParam("round")) || null);
  const ask = useMutation({
    mutationFn: (question: AskInput) => unwrap(api.POST("/api/v1/community/topics/", { body: question })),
    onSuccess: (topic) => {
      void invalidate(client, keys.community);
      setFlash(topic.status === "pending" ? t("community.askPending") : t("community.askPosted"));
      navigate(`/community/topics/${topic.id}`);
    },
    onError: (error) => setErrors(serverAskErrors(error, t)),
  });
  // The server's refusal that is about no field in particular.
  const failure = ask.error && !Object.keys(serverAskErrors(ask.error, t)).length ? communityErrorText(ask.error, t) : null;
  const invalid = Object.keys(errors).length > 0;
  // Each refusal (the form's own checks, then the server's) takes the focus to the summary.
  useFocusOnFailure(formRef, invalid ? errors : ask.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    ask.reset();
    const local = askProblems(form, t);
    setErrors(local);
    if (Object.keys(local).length) return;
    ask.mutate({ category: form.category, title: form.title.trim(), body: form.body, ...(round ? { round_id: round } : {}) });
  }

  return (
    <section className="narrow stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("community.askTitle")}</PageTitle>
      <p>{t("community.askIntro")}</p>
      {categories.error ? (
        <ErrorMessage error={categories.error} retry={() => void categories.refetch()} />
      ) : categories.isPending ? (
        <Loading />
      ) : (
        <form ref={formRef} className="card stack" onSubmit={submit} noValidate>
          <div tabIndex={-1} className="form-summary">
            {invalid && <Notice kind="error">{t("community.fixFields")}</Notice>}
            {failure && <Notice kind="error">{failure}</Notice>}
          </div>
          <SelectField
            label={t("community.askCategory")}
            name="category"
            required
            value={form.category}
            onChange={(e) => setForm({ ...form, category: e.target.value })}
            error={errors.category}
          >
            <option value="">{t("community.askChooseCategory")}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.slug} value={c.slug}>
                {localized(c, "name", lang)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t("community.askTitleLabel")}
            name="title"
            required
            minLength={TITLE_MIN}
            maxLength={TITLE_MAX}
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.target.value })}
            hint={t("community.askTitleHint", { min: TITLE_MIN, max: TITLE_MAX })}
            error={errors.title}
          />
          <TextAreaField
            label={t("community.askBody")}
            name="body"
            required
            rows={8}
            value={form.body}
            onChange={(e) => setForm({ ...form, body: e.target.value })}
            hint={t("community.markdownHint")}
            extra={t("community.charCount", { count: fmt.number(form.body.length), max: fmt.number(BODY_MAX) })}
            error={errors.body}
          />
          <button type="submit" className="button" disabled={ask.isPending}>
            {t("community.askSubmit")}
          </button>
        </form>
      )}
    </section>
  );
}
