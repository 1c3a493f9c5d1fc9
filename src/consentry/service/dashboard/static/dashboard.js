// Consentry review dashboard: small progressive enhancements. Every action also works without it.
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;

  // Destructive actions ask first.
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }

  // Reveal an image in place: the server logs the reveal and answers with the clear image's URL.
  if (form.classList.contains("reveal")) {
    const figure = form.closest("figure");
    const img = figure && figure.querySelector("img");
    if (!img) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (img.dataset.state === "clear") {
      img.src = img.dataset.blurred;
      img.dataset.state = "blurred";
      img.alt = img.alt.replace(", revealed", ", blurred");
      if (button) button.textContent = "Reveal image";
      return;
    }
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`reveal failed: ${response.status}`);
      const answer = await response.json();
      img.dataset.clear = answer.url;
      img.src = answer.url;
      img.dataset.state = "clear";
      img.alt = img.alt.replace(", blurred", ", revealed");
      if (button) button.textContent = "Blur again";
    } catch (error) {
      window.alert(String(error));
    } finally {
      if (button) button.disabled = false;
    }
  }
});
