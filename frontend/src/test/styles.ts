/** The app's stylesheet in a test's document. jsdom computes the styles the rules give an
 * element (not media queries: what it reads are the phone-first rules) but lays nothing out:
 * a test checks the rules a 360 px screen depends on, on the elements they style. */
import css from "../styles.css?raw";

export function withAppStyles(): void {
  const style = document.createElement("style");
  style.dataset.test = "app-styles";
  style.textContent = css;
  document.head.appendChild(style);
}

export function withoutAppStyles(): void {
  document.head.querySelectorAll("style[data-test='app-styles']").forEach((style) => style.remove());
}
