import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { ApiError, deleteWithBody } from "../../api/client";
import type { Me } from "../../api/types";
import { useAuth } from "../../auth";
import { SelectField, serverErrors } from "../../components/forms";
import { ErrorMessage, Field, Notice, PageTitle } from "../../components/ui";
import { setFlash } from "../../flash";
import { useI18n } from "../../i18n";
import { timeZoneNames } from "../../i18n/format";
import { isLang, LANGS } from "../../i18n/lang";
import { navigate } from "../../router";
import { countries, isCountryCode } from "./countries";
import { BettingSettings, EmailSettings } from "./Preferences";
import { PushSettings } from "./PushSettings";

function ProfileForm({ me }: { me: Me }) {
  const { t, setLang, locale } = useI18n();
  const { updateMe } = useAuth();
  const [form, setForm] = useState({
    display_name: me.display_name,
    date_of_birth: me.date_of_birth ?? "",
    country: me.country,
    language: me.language,
    time_zone: me.time_zone,
  });
  // "Saved" speaks of the last submission: gone the moment the next one is sent.
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async (input: typeof form) => {
      await updateMe({
        display_name: input.display_name.trim(),
        date_of_birth: input.date_of_birth || null,
        ...(isCountryCode(input.country) ? { country: input.country } : {}),
        language: input.language,
        time_zone: input.time_zone,
      });
      // The update above saved the language: switching to it asks the server nothing more.
      if (isLang(input.language)) await setLang(input.language, { saved: true });
    },
  });
  const zones = useMemo(() => timeZoneNames(me.time_zone), [me.time_zone]);
  const countryList = useMemo(() => countries(locale, me.country), [locale, me.country]);
  const today = new Date().toISOString().slice(0, 10);
  const errors = serverErrors(save.error, ["display_name", "date_of_birth", "country", "language", "time_zone"], {
    invalid_name: "display_name",
    name_confusable: "display_name",
    name_taken: "display_name",
    invalid_dob: "date_of_birth",
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate(form, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("settings.profile")}</h2>
      <p className="muted">{me.email}</p>
      <Field label={t("settings.displayName")} hint={t("settings.displayNameHint")} name="display_name" required maxLength={40} value={form.display_name} onChange={(e) => setForm({ ...form, display_name: e.target.value })} error={errors.field("display_name")} />
      <Field label={t("settings.dob")} type="date" name="date_of_birth" autoComplete="bday" min="1900-01-01" max={today} value={form.date_of_birth} onChange={(e) => setForm({ ...form, date_of_birth: e.target.value })} hint={t("settings.dobHint")} error={errors.field("date_of_birth")} />
      <SelectField label={t("settings.country")} id="settings-country" name="country" autoComplete="country" value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value })} hint={t("settings.countryHint")} error={errors.field("country")}>
        {!form.country && <option value="">{t("settings.countryUnset")}</option>}
        {countryList.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("settings.language")} id="settings-language" name="language" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as Me["language"] })} error={errors.field("language")}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("settings.timeZone")} id="settings-tz" name="time_zone" value={form.time_zone} onChange={(e) => setForm({ ...form, time_zone: e.target.value })} error={errors.field("time_zone")}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, " ")}
          </option>
        ))}
      </SelectField>
      {saved && <Notice kind="success">{t("settings.saved")}</Notice>}
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
      <button className="button" type="submit">
        {t("settings.save")}
      </button>
    </form>
  );
}

function DeleteAccount() {
  const { t } = useI18n();
  const { forget } = useAuth();
  const [password, setPassword] = useState("");
  const erase = useMutation({
    mutationFn: (confirmation: string) => deleteWithBody("/api/v1/accounts/me/", { password: confirmation }),
    onSuccess: () => {
      forget();
      setFlash(t("settings.delete.done"));
      navigate("/", { replace: true });
    },
  });
  const error = erase.error;
  const wrong = error instanceof ApiError && error.code === "wrong_password";

  function submit(event: FormEvent) {
    event.preventDefault();
    erase.mutate(password);
  }

  return (
    <form onSubmit={submit} className="card stack danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">{t("settings.delete.title")}</h2>
      <p>{t("settings.delete.body")}</p>
      <Field label={t("settings.delete.password")} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={wrong ? t("settings.delete.wrong") : undefined} />
      {error && !wrong && <ErrorMessage error={error} />}
      <button className="button button-danger" type="submit" disabled={erase.isPending || !password}>
        {t("settings.delete.submit")}
      </button>
    </form>
  );
}

export default function Settings() {
  const { t } = useI18n();
  const { me, logout } = useAuth();
  useEffect(() => {
    // /account#betting (from a betting offer): go straight to that section.
    const target = window.location.hash.slice(1);
    if (target) document.getElementById(target)?.scrollIntoView();
  }, []);
  if (!me) return null;

  async function doLogout() {
    await logout();
    setFlash(t("auth.logout.done"));
    navigate("/", { replace: true });
  }

  return (
    <section className="narrow stack">
      <PageTitle>{t("settings.title")}</PageTitle>
      <ProfileForm me={me} />
      <EmailSettings />
      <PushSettings />
      <BettingSettings />
      <div className="card">
        <button type="button" className="button button-secondary" onClick={() => void doLogout()}>
          {t("nav.logout")}
        </button>
      </div>
      <DeleteAccount />
    </section>
  );
}
