/** Django's CSRF token, read from the `csrftoken` cookie (set by the page that serves the app). */
export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "csrftoken") return decodeURIComponent(rest.join("="));
  }
  return "";
}

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let language: string | null = null;

/** The language the app speaks: the server writes its messages in it (refusals, legal
 * sources), whatever languages the browser prefers. */
export function setRequestLanguage(lang: string): void {
  language = lang;
}

/** Headers every request to Django carries: JSON, the app's language once known, and the
 * CSRF token on writes. */
export function djangoHeaders(method: string, headers: Headers): Headers {
  headers.set("Accept", "application/json");
  if (language) headers.set("Accept-Language", language);
  if (UNSAFE_METHODS.has(method.toUpperCase())) {
    headers.set("X-CSRFToken", csrfToken());
  }
  return headers;
}
