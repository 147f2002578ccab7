import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import { keyBytes, PushSettings } from "./PushSettings";

const STATE = "/api/v1/notifications/push/";
// A real P-256 public key's shape: 65 bytes, base64url without padding.
const KEY = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
const PREFS = { round_open: true, reminders: true, results: true, replies: true, help_requests: true };
const ON = { enabled: true, public_key: KEY, subscriptions: 0, preferences: PREFS };
const ENDPOINT = "https://push.example.test/send/abc";

/** A fake browser: a service worker container whose push manager subscribes and unsubscribes. */
function fakeBrowser(options: { registered?: boolean; subscribed?: boolean; refuse?: boolean } = {}) {
  const subscription = {
    endpoint: ENDPOINT,
    toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: "p256-key", auth: "auth-secret" } }),
    unsubscribe: vi.fn(async () => true),
  };
  let current: typeof subscription | null = options.subscribed ? subscription : null;
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async () => {
      if (options.refuse) throw new DOMException("Permission denied", "NotAllowedError");
      current = subscription;
      return subscription;
    }),
  };
  let registration: { pushManager: typeof pushManager } | undefined = options.registered ? { pushManager } : undefined;
  const container = {
    getRegistration: vi.fn(async () => registration),
    register: vi.fn(async () => {
      registration = { pushManager };
      return registration;
    }),
    get ready() {
      return Promise.resolve(registration ?? { pushManager });
    },
  };
  Object.defineProperty(navigator, "serviceWorker", { configurable: true, value: container });
  vi.stubGlobal("PushManager", class {});
  vi.stubGlobal("Notification", class {});
  return { container, pushManager, subscription };
}

afterEach(() => {
  Reflect.deleteProperty(navigator, "serviceWorker");
  vi.unstubAllGlobals();
});

describe("push on this device", () => {
  it("registers the service worker, subscribes with the server's key and sends the subscription", async () => {
    const browser = fakeBrowser();
    const calls = fakeApi({
      [`GET ${STATE}`]: { body: ON },
      [`POST ${STATE}subscriptions/`]: { status: 201, body: { id: 1, endpoint: ENDPOINT, created_at: "2026-12-06T04:00:00Z" } },
    });
    renderPage(<PushSettings />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Turn on notifications on this device" }));
    expect(await screen.findByText("This device receives push notifications.")).toBeTruthy();
    expect(browser.container.register).toHaveBeenCalledWith("/sw.js");
    expect(browser.pushManager.subscribe).toHaveBeenCalledTimes(1);
    const options = browser.pushManager.subscribe.mock.calls[0] as unknown as [PushSubscriptionOptionsInit];
    expect(options[0].userVisibleOnly).toBe(true);
    expect(Array.from(options[0].applicationServerKey as Uint8Array)).toEqual(Array.from(keyBytes(KEY)));
    expect(keyBytes(KEY)).toHaveLength(65);
    expect(keyBytes(KEY)[0]).toBe(4);
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ endpoint: ENDPOINT, keys: { p256dh: "p256-key", auth: "auth-secret" } });
    expect(screen.getByRole("button", { name: "Turn off on this device" })).toBeTruthy();
  });

  it("does not register the service worker twice", async () => {
    const browser = fakeBrowser({ registered: true });
    fakeApi({ [`GET ${STATE}`]: { body: ON }, [`POST ${STATE}subscriptions/`]: { status: 201, body: {} } });
    renderPage(<PushSettings />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Turn on notifications on this device" }));
    await screen.findByText("This device receives push notifications.");
    expect(browser.container.register).not.toHaveBeenCalled();
  });

  it("shows the server's refusal of a field and takes the browser's subscription back", async () => {
    const browser = fakeBrowser({ registered: true });
    fakeApi({
      [`GET ${STATE}`]: { body: ON },
      [`POST ${STATE}subscriptions/`]: { status: 400, body: { code: "invalid", detail: "Invalid input.", fields: { endpoint: ["The endpoint must use https."] } } },
    });
    renderPage(<PushSettings />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Turn on notifications on this device" }));
    expect(await screen.findByText("The endpoint must use https.")).toBeTruthy();
    expect(browser.subscription.unsubscribe).toHaveBeenCalledTimes(1);
    expect(screen.getByText("This device does not receive push notifications.")).toBeTruthy();
  });

  it("says so when the browser blocks notifications", async () => {
    fakeBrowser({ registered: true, refuse: true });
    const calls = fakeApi({ [`GET ${STATE}`]: { body: ON } });
    renderPage(<PushSettings />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Turn on notifications on this device" }));
    expect(await screen.findByText(/Your browser blocks notifications/)).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("turns it off on this device: the server forgets the endpoint, the browser unsubscribes", async () => {
    const browser = fakeBrowser({ registered: true, subscribed: true });
    const calls = fakeApi({ [`GET ${STATE}`]: { body: { ...ON, subscriptions: 2 } }, [`POST ${STATE}unsubscribe/`]: { body: { removed: 1 } } });
    renderPage(<PushSettings />, { lang: "fr" });
    expect(await screen.findByText("2 appareils reçoivent les notifications.")).toBeTruthy();
    await userEvent.setup().click(await screen.findByRole("button", { name: "Désactiver sur cet appareil" }));
    expect(await screen.findByText("Cet appareil ne reçoit pas les notifications.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ endpoint: ENDPOINT });
    expect(browser.subscription.unsubscribe).toHaveBeenCalledTimes(1);
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
  });
});

describe("push kinds", () => {
  it("saves one kind, and turns every kind off in one click", async () => {
    fakeBrowser({ registered: true, subscribed: true });
    const calls = fakeApi({
      [`GET ${STATE}`]: { body: ON },
      [`PATCH ${STATE}preferences/`]: ({ body }) => ({ body: { ...PREFS, ...(body as object) } }),
    });
    renderPage(<PushSettings />);
    const user = userEvent.setup();
    const replies = (await screen.findByRole("switch", { name: "Replies to my questions" })) as HTMLInputElement;
    await user.click(replies);
    expect(await screen.findByText("Push preferences saved.")).toBeTruthy();
    expect(replies.checked).toBe(false);
    expect(calls.filter((c) => c.method === "PATCH")[0]?.body).toEqual({ replies: false });
    await user.click(screen.getByRole("button", { name: "Turn every kind off" }));
    await waitFor(() => expect(screen.getAllByRole("switch").every((s) => !(s as HTMLInputElement).checked)).toBe(true));
    expect(calls.filter((c) => c.method === "PATCH")[1]?.body).toEqual({ round_open: false, reminders: false, results: false, replies: false, help_requests: false });
    expect(screen.getAllByRole("switch")).toHaveLength(5);
  });

  it("puts a switch back when the server refuses", async () => {
    fakeBrowser({ registered: true });
    fakeApi({ [`GET ${STATE}`]: { body: ON }, [`PATCH ${STATE}preferences/`]: { status: 500, body: {} } });
    renderPage(<PushSettings />);
    const results = (await screen.findByRole("switch", { name: "Results" })) as HTMLInputElement;
    await userEvent.setup().click(results);
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(results.checked).toBe(true);
  });
});

describe("push unavailable", () => {
  it("says plainly when the browser has no push", async () => {
    const calls = fakeApi({ [`GET ${STATE}`]: { body: ON } });
    renderPage(<PushSettings />);
    expect(await screen.findByText("This browser cannot receive push notifications. Emails still reach you.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Turn on notifications on this device" })).toBeNull();
    // The kinds still apply to the other devices.
    expect(screen.getAllByRole("switch")).toHaveLength(5);
    expect(calls).toHaveLength(1);
  });

  it("says plainly when the server sends no pushes", async () => {
    const browser = fakeBrowser();
    fakeApi({ [`GET ${STATE}`]: { body: { ...ON, enabled: false, public_key: "" } } });
    renderPage(<PushSettings />, { lang: "fr" });
    expect(await screen.findByText("Les notifications ne sont pas disponibles sur ce serveur. Les e-mails vous parviennent toujours.")).toBeTruthy();
    expect(screen.queryByRole("switch")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
    expect(browser.container.register).not.toHaveBeenCalled();
  });
});
