/** What a visitor reading the community sees where members ask, answer or follow: an
 * invitation to sign up (or log in), coming back to the page they were reading. */
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { Link, useLocationKey } from "../router";
import "../styles/community.css";

export function VisitorInvite() {
  const { t } = useI18n();
  const { status } = useAuth();
  const here = useLocationKey();
  if (status !== "anonymous") return null;
  const next = `?next=${encodeURIComponent(here)}`;
  return (
    <aside className="card visitor-cta" aria-labelledby="visitor-title">
      <h2 id="visitor-title">{t("visitor.title")}</h2>
      <p>{t("visitor.body")}</p>
      <div className="row">
        <Link to={`/account/signup${next}`} className="button">
          {t("visitor.signup")}
        </Link>
        <Link to={`/account/login${next}`} className="button button-secondary">
          {t("visitor.login")}
        </Link>
      </div>
    </aside>
  );
}
