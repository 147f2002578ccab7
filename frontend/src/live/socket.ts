/**
 * The web app's one websocket (`/ws/live/`, docs/api.md#websocket): it reconnects with a
 * growing delay, and tells every listener each frame the server pushes.
 */
export type Frame = { type: string; [key: string]: unknown };
type Listener = (frame: Frame) => void;

export class LiveSocket {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private queue: string[] = [];

  constructor(private readonly url: string) {}

  open(): void {
    this.closed = false;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      for (const text of this.queue.splice(0)) socket.send(text);
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as Frame;
      for (const listener of this.listeners) listener(frame);
    };
    socket.onclose = (event) => {
      // 4001: logged out, 4003: not signed in; neither comes back by retrying.
      if (this.closed || event.code === 4001 || event.code === 4003) return;
      this.retry = Math.min(this.retry + 1, 6);
      this.timer = setTimeout(() => this.open(), 500 * 2 ** this.retry);
    };
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    clearTimeout(this.timer);
    this.socket?.close();
  }

  send(frame: Frame): void {
    const text = JSON.stringify(frame);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.queue.push(text);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function liveUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/live/`;
}
