/**
 * Community events: live Q&As with a trainer, prediction challenges on a big race. Everyone
 * reads them (on /community and /community/events); members follow one to be reminded by
 * email before it starts.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type CommunityEvent, eventsQuery, followEvent, missionKeys } from "../../api/communityMissions";
import { useAuth } from "../../auth";
import { errorText, ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { VisitorInvite } from "../../components/VisitorInvite";
import { useI18n } from "../../i18n";
import { Link } from "../../router";
import "../../styles/community.css";
import { ScheduleEvent } from "./ScheduleEvent";

function FollowButton({ event }: { event: CommunityEvent }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const follow = useMutation({
    mutationFn: (on: boolean) => followEvent(event.id, on),
    onSuccess: () => void client.invalidateQueries({ queryKey: missionKeys.events }),
  });
  const busy = follow.isPending;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className={event.following ? "button button-secondary" : "button"} aria-pressed={event.following} disabled={busy} onClick={() => follow.mutate(!event.following)}>
          {event.following ? t("events.unfollow") : t("events.follow")}
        </button>
        <Link to={`/community/topics/${event.topic}`}>{t("events.thread")}</Link>
      </div>
      {event.following && <p className="hint">{t("events.following", { minutes: event.remind_minutes_before })}</p>}
      {follow.error && <p className="field-error">{errorText(follow.error, t("app.error"))}</p>}
    </div>
  );
}

function EventItem({ event }: { event: CommunityEvent }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  return (
    <li className="event-row" data-testid="event">
      <p className="topic-flags">
        <span className="badge">{t(event.kind === "live_qa" ? "events.kind.live_qa" : "events.kind.prediction_challenge")}</span>{" "}
        <span className="muted">{t("events.followers", { count: event.followers })}</span>
      </p>
      <strong>{event.title}</strong>
      <time dateTime={event.starts_at}>{fmt.dateTime(event.starts_at)}</time>
      {event.description && <p className="muted">{event.description}</p>}
      {me ? (
        <FollowButton event={event} />
      ) : (
        <p className="row">
          <Link to={`/community/topics/${event.topic}`}>{t("events.thread")}</Link>
          <Link to={`/account/login?next=${encodeURIComponent("/community/events")}`}>{t("events.signIn")}</Link>
        </p>
      )}
    </li>
  );
}

/** The upcoming events in a card: on the community page (the first `limit`) and on their own page. */
export function EventsCard({ limit }: { limit?: number }) {
  const { t } = useI18n();
  const events = useQuery(eventsQuery);
  if (events.isPending) return <Loading />;
  if (events.error) return <ErrorMessage error={events.error} retry={() => void events.refetch()} />;
  const shown = limit ? events.data.slice(0, limit) : events.data;
  if (limit && shown.length === 0) return null;
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">{limit ? <Link to="/community/events">{t("events.title")}</Link> : t("events.title")}</h2>
      {shown.length === 0 ? (
        <p className="muted">{t("events.none")}</p>
      ) : (
        <ul className="list-plain">
          {shown.map((event) => (
            <EventItem key={event.id} event={event} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Events() {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("events.title")}</PageTitle>
      <VisitorInvite />
      {me?.is_staff && <ScheduleEvent />}
      <EventsCard />
    </section>
  );
}
