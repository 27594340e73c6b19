/* «Skriv ut» beside «Last ned PDF»: a button only where a script can print; the browser's own
   print command gives the same print styles without it. */
(function () {
  var actions = document.querySelector(".page-actions");
  if (!actions || !window.print) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "ds-button";
  button.setAttribute("data-variant", "secondary");
  button.textContent = actions.getAttribute("data-print-label");
  button.addEventListener("click", function () { window.print(); });
  actions.prepend(button);
})();
