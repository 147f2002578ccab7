/** Django's CSRF token, read from the `csrftoken` cookie (set by the page that serves the app). */
export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "csrftoken") return decodeURIComponent(rest.join("="));
  }
  return "";
}

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Headers every request to Django carries: JSON, and the CSRF token on writes. */
export function djangoHeaders(method: string, headers: Headers): Headers {
  headers.set("Accept", "application/json");
  if (UNSAFE_METHODS.has(method.toUpperCase())) {
    headers.set("X-CSRFToken", csrfToken());
  }
  return headers;
}
