/** Account settings: Web Push on this device (the service worker at /sw.js, the server's
 * VAPID key), and which kinds of push I receive on every device. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import { pushStateQuery } from "../../api/queries";
import type { PushPreferences, PushState } from "../../api/types";
import { serverErrors, Toggle } from "../../components/forms";
import { ErrorMessage, Loading, Notice } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

type PushKind = keyof PushPreferences;
const PUSH_KINDS: PushKind[] = ["round_open", "reminders", "results", "replies", "help_requests"];
const ALL_OFF: PushPreferences = { round_open: false, reminders: false, results: false, replies: false, help_requests: false };

/** Whether this browser can receive pushes at all. */
export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The server's key (base64url, as the API gives it) as the bytes `applicationServerKey` takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** This browser's push subscription, if it has one. */
async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

/** Register the service worker when it is not yet, subscribe the browser, and tell the server;
 * a refusal by the server takes the browser's subscription back (nothing half done). */
async function subscribeDevice(publicKey: string): Promise<PushSubscription> {
  if (!(await navigator.serviceWorker.getRegistration())) await navigator.serviceWorker.register("/sw.js");
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  const { endpoint, keys } = subscription.toJSON();
  try {
    await unwrap(api.POST("/api/v1/notifications/push/subscriptions/", { body: { endpoint: endpoint ?? "", keys: { p256dh: keys?.p256dh ?? "", auth: keys?.auth ?? "" } } }));
  } catch (error) {
    await subscription.unsubscribe().catch(() => false);
    throw error;
  }
  return subscription;
}

/** The server forgets this browser first (a refusal leaves both as they were), then the browser unsubscribes. */
async function unsubscribeDevice(subscription: PushSubscription): Promise<void> {
  await unwrap(api.POST("/api/v1/notifications/push/unsubscribe/", { body: { endpoint: subscription.endpoint } }));
  await subscription.unsubscribe();
}

function isDenied(error: unknown): boolean {
  return error instanceof DOMException && error.name === "NotAllowedError";
}

function PushKinds({ state }: { state: PushState }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const key = pushStateQuery.queryKey;
  const [saved, setSaved] = useState(false);
  // The switches move at once; the server's answer replaces them, a refusal puts them back.
  const change = useMutation({
    mutationFn: (next: Partial<PushPreferences>) => unwrap(api.PATCH("/api/v1/notifications/push/preferences/", { body: next })),
    onMutate: async (next: Partial<PushPreferences>) => {
      setSaved(false);
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData(key);
      if (before) client.setQueryData(key, { ...before, preferences: { ...before.preferences, ...next } });
      return { before };
    },
    onSuccess: (preferences) => {
      client.setQueryData(key, (old) => (old ? { ...old, preferences } : old));
      setSaved(true);
    },
    onError: (_error, _next, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
  });
  const errors = serverErrors(change.error, PUSH_KINDS);
  const anyOn = PUSH_KINDS.some((kind) => state.preferences[kind]);
  return (
    <>
      <div>
        {PUSH_KINDS.map((kind) => (
          <div key={kind}>
            <Toggle name={`push-${kind}`} label={t(`settings.push.${kind}` as MessageKey)} hint={t(`settings.push.${kind}Hint` as MessageKey)} checked={state.preferences[kind]} disabled={change.isPending} onChange={(e) => change.mutate({ [kind]: e.target.checked })} />
            {errors.field(kind) && <p className="field-error">{errors.field(kind)}</p>}
          </div>
        ))}
      </div>
      <div className="row">
        <button type="button" className="button button-secondary" disabled={change.isPending || !anyOn} onClick={() => change.mutate(ALL_OFF)}>
          {t("settings.push.allOff")}
        </button>
      </div>
      <div aria-live="polite">{saved && <p className="feedback">{t("settings.push.saved")}</p>}</div>
      {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
    </>
  );
}

function ThisDevice({ state }: { state: PushState }) {
  const { t } = useI18n();
  const client = useQueryClient();
  // undefined while the browser is asked whether it is subscribed.
  const [device, setDevice] = useState<PushSubscription | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    currentSubscription()
      .catch(() => null)
      .then((found) => live && setDevice(found));
    return () => {
      live = false;
    };
  }, []);
  const refresh = () => void client.invalidateQueries({ queryKey: pushStateQuery.queryKey });
  const on = useMutation({ mutationFn: () => subscribeDevice(state.public_key), onSuccess: (sub) => setDevice(sub), onSettled: refresh });
  const off = useMutation({ mutationFn: (sub: PushSubscription) => unsubscribeDevice(sub), onSuccess: () => setDevice(null), onSettled: refresh });
  const errors = serverErrors(on.error ?? off.error, ["endpoint", "keys"]);
  const busy = on.isPending || off.isPending;
  if (device === undefined) return <Loading />;
  return (
    <div className="stack">
      <p>{device ? t("settings.push.deviceOn") : t("settings.push.deviceOff")}</p>
      <div className="row">
        {device ? (
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => off.mutate(device)}>
            {t("settings.push.turnOff")}
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => on.mutate()}>
            {t("settings.push.turnOn")}
          </button>
        )}
      </div>
      {isDenied(on.error) ? (
        <Notice kind="error">{t("settings.push.denied")}</Notice>
      ) : (
        <>
          {["endpoint", "keys"].map((name) => errors.field(name) && <p key={name} className="field-error">{errors.field(name)}</p>)}
          {errors.rest ? <ErrorMessage error={errors.rest} /> : null}
        </>
      )}
    </div>
  );
}

export function PushSettings() {
  const { t } = useI18n();
  const push = useQuery(pushStateQuery);
  const supported = pushSupported();
  const state = push.data;
  return (
    <section className="card stack" aria-labelledby="push-title" id="push">
      <h2 id="push-title">{t("settings.push.title")}</h2>
      {push.error ? (
        <ErrorMessage error={push.error} retry={() => void push.refetch()} />
      ) : push.isPending ? (
        <Loading />
      ) : !state?.enabled || !state.public_key ? (
        <Notice>{t("settings.push.serverOff")}</Notice>
      ) : (
        <>
          <p className="hint">{t("settings.push.intro")}</p>
          {supported ? <ThisDevice state={state} /> : <Notice>{t("settings.push.unsupported")}</Notice>}
          <p className="hint">{t("settings.push.devices", { count: state.subscriptions })}</p>
          <PushKinds state={state} />
        </>
      )}
    </section>
  );
}
