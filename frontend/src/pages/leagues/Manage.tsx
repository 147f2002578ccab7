/**
 * Running a league from its page: the owner and managers edit it and manage its members;
 * the owner promotes, demotes, transfers and deletes; members leave. Every action is the
 * API's own (docs/rules.md#friend-leagues): the page only offers what the role allows, and
 * shows the server's refusal beside the field it is about.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { invalidate, keys, leagueMembersQuery } from "../../api/queries";
import type { League, LeagueEdit, LeagueMember } from "../../api/types";
import { useAuth } from "../../auth";
import { SelectField, serverErrors, TextAreaField } from "../../components/forms";
import { ErrorMessage, Field, Loading } from "../../components/ui";
import { setFlash } from "../../flash";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { navigate } from "../../router";

type Role = "owner" | "manager" | "member";

export function canManage(league: Pick<League, "my_role">): boolean {
  return league.my_role === "owner" || league.my_role === "manager";
}

/** Whether `mine` may remove a member whose role is `theirs` (managers remove members only). */
export function canRemove(mine: string | null | undefined, theirs: Role): boolean {
  if (theirs === "owner") return false;
  if (mine === "owner") return true;
  return mine === "manager" && theirs === "member";
}

function usePath(league: League) {
  return { params: { path: { public_id: league.id } } };
}

export function LeagueSettings({ league }: { league: League }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const path = usePath(league);
  const [form, setForm] = useState({
    name: league.name,
    description: league.description,
    visibility: league.visibility,
    member_limit: league.member_limit == null ? "" : String(league.member_limit),
  });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: LeagueEdit) => unwrap(api.PATCH("/api/v1/leagues/{public_id}/", { ...path, body })),
    onSuccess: () => {
      setSaved(true);
      void invalidate(client, keys.league(league.id), keys.leagues);
    },
  });
  const errors = serverErrors(save.error, ["name", "description", "visibility", "member_limit"], { invalid_name: "name", name_confusable: "name", invalid_member_limit: "member_limit" });
  const owner = league.my_role === "owner";

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const limit = form.member_limit.trim();
    const body: LeagueEdit = { name: form.name.trim(), description: form.description, member_limit: limit ? Number(limit) : null };
    if (owner) body.visibility = form.visibility;
    save.mutate(body);
  }

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="league-settings" noValidate>
      <h2 id="league-settings">{t("leagues.settings")}</h2>
      <Field label={t("leagues.name")} name="name" required maxLength={60} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.field("name")} />
      <TextAreaField label={t("leagues.description")} name="description" rows={3} maxLength={500} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} error={errors.field("description")} />
      {owner && (
        <SelectField label={t("leagues.visibility")} name="visibility" hint={t("leagues.visibilityHint")} value={form.visibility} onChange={(e) => setForm({ ...form, visibility: e.target.value as typeof form.visibility })} error={errors.field("visibility")}>
          <option value="private">{t("leagues.visibility.private")}</option>
          <option value="public">{t("leagues.visibility.public")}</option>
        </SelectField>
      )}
      <Field label={t("leagues.memberLimit")} hint={t("leagues.memberLimitHint", { max: String(league.max_members) })} name="member_limit" type="number" inputMode="numeric" min={2} value={form.member_limit} onChange={(e) => setForm({ ...form, member_limit: e.target.value })} error={errors.field("member_limit")} />
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
      <p role="status" className="feedback">
        {saved ? t("leagues.saved") : ""}
      </p>
      <button className="button" type="submit" disabled={save.isPending || !form.name.trim()}>
        {t("settings.save")}
      </button>
    </form>
  );
}

function roleLabel(role: string, t: (key: MessageKey) => string): string {
  return t(`leagues.role.${role}` as MessageKey);
}

function MemberRow({ league, member, onTransfer }: { league: League; member: LeagueMember; onTransfer: (m: LeagueMember) => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const client = useQueryClient();
  const memberPath = { params: { path: { public_id: league.id, player_id: member.player.id } } };
  const done = () => invalidate(client, keys.league(league.id), keys.leagues);
  const role = useMutation({
    mutationFn: (next: "manager" | "member") => unwrap(api.PATCH("/api/v1/leagues/{public_id}/members/{player_id}/", { ...memberPath, body: { role: next } })),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/leagues/{public_id}/members/{player_id}/", memberPath)),
    onSuccess: done,
  });
  const owner = league.my_role === "owner";
  const self = member.player.id === me?.id;
  const name = member.player.name;
  return (
    <li className="member-row">
      <span className="member-name">
        <strong>{name}</strong> {self && <span className="muted">({t("rankings.me")})</span>}
        <br />
        <span className={`badge ${member.role === "member" ? "badge-muted" : ""}`}>{roleLabel(member.role, t)}</span>
      </span>
      {!self && (
        <span className="row member-actions">
          {owner && member.role !== "owner" && (
            <button type="button" className="button button-small-secondary" disabled={role.isPending} onClick={() => role.mutate(member.role === "manager" ? "member" : "manager")}>
              {member.role === "manager" ? t("leagues.demote", { name }) : t("leagues.promote", { name })}
            </button>
          )}
          {owner && member.role !== "owner" && (
            <button type="button" className="button button-small-secondary" onClick={() => onTransfer(member)}>
              {t("leagues.transfer", { name })}
            </button>
          )}
          {canRemove(league.my_role, member.role) && (
            <button type="button" className="button button-small-secondary" disabled={remove.isPending} onClick={() => window.confirm(t("leagues.removeConfirm", { name })) && remove.mutate()}>
              {t("leagues.remove", { name })}
            </button>
          )}
        </span>
      )}
      {(role.error || remove.error) && <ErrorMessage error={role.error ?? remove.error} />}
    </li>
  );
}

function Transfer({ league, to, cancel }: { league: League; to: LeagueMember; cancel: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const transfer = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/transfer/", { params: { path: { public_id: league.id } }, body: { player_id: to.player.id } })),
    onSuccess: () => {
      setFlash(t("leagues.transferred", { name: to.player.name }));
      cancel();
      void invalidate(client, keys.league(league.id), keys.leagues);
    },
  });
  return (
    <div className="confirm-box stack" role="group" aria-labelledby="transfer-title">
      <h3 id="transfer-title">{t("leagues.transferTitle", { name: to.player.name })}</h3>
      <p>{t("leagues.transferBody", { name: to.player.name })}</p>
      {transfer.error ? <ErrorMessage error={transfer.error} /> : null}
      <div className="row">
        <button type="button" className="button button-danger" disabled={transfer.isPending} onClick={() => transfer.mutate()}>
          {t("leagues.transferConfirm")}
        </button>
        <button type="button" className="button button-secondary" onClick={cancel}>
          {t("leagues.cancel")}
        </button>
      </div>
    </div>
  );
}

export function Members({ league }: { league: League }) {
  const { t } = useI18n();
  const members = useInfiniteQuery(leagueMembersQuery(league.id));
  const [transferTo, setTransferTo] = useState<LeagueMember | null>(null);
  const rows = members.data?.pages.flatMap((p) => p.results) ?? [];
  return (
    <section className="card stack" aria-labelledby="league-members">
      <h2 id="league-members">{t("leagues.membersTitle", { count: league.member_count })}</h2>
      {members.error ? (
        <ErrorMessage error={members.error} retry={() => void members.refetch()} />
      ) : members.isPending ? (
        <Loading />
      ) : (
        <ul className="list-plain member-list">
          {rows.map((member) => (
            <MemberRow key={member.player.id} league={league} member={member} onTransfer={setTransferTo} />
          ))}
        </ul>
      )}
      {members.hasNextPage && (
        <button type="button" className="button button-secondary" disabled={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
          {t("rankings.more")}
        </button>
      )}
      {transferTo && <Transfer league={league} to={transferTo} cancel={() => setTransferTo(null)} />}
    </section>
  );
}

/** Leave (members and managers) or delete (the owner), each confirmed first. */
export function LeagueExit({ league }: { league: League }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const path = usePath(league);
  const owner = league.my_role === "owner";
  const exit = useMutation({
    mutationFn: () => (owner ? unwrap(api.DELETE("/api/v1/leagues/{public_id}/", path)) : unwrap(api.POST("/api/v1/leagues/{public_id}/leave/", path))),
    onSuccess: () => {
      setFlash(t(owner ? "leagues.deleted" : "leagues.left", { name: league.name }));
      void invalidate(client, keys.leagues, keys.league(league.id));
      navigate("/leagues", { replace: true });
    },
  });
  if (!league.my_role) return null;
  const question = owner ? t("leagues.deleteConfirm", { name: league.name }) : t("leagues.leaveConfirm", { name: league.name });
  return (
    <section className="card stack danger-zone" aria-labelledby="league-exit">
      <h2 id="league-exit">{owner ? t("leagues.delete") : t("leagues.leave")}</h2>
      <p className="muted">{owner ? t("leagues.deleteHint") : t("leagues.leaveHint")}</p>
      {exit.error ? <ErrorMessage error={exit.error} /> : null}
      <button type="button" className="button button-danger" disabled={exit.isPending} onClick={() => window.confirm(question) && exit.mutate()}>
        {owner ? t("leagues.delete") : t("leagues.leave")}
      </button>
    </section>
  );
}
