// Drag the agenda's items into a new order; the server numbers them and sends the agenda back (HTMX).
// The Op/Ned buttons do the same from the keyboard, and work without JavaScript.
(function () {
  "use strict";
  let dragged = null;

  function agenda() { return document.getElementById("dagsorden"); }

  function sendOrder(list) {
    const ids = Array.from(list.querySelectorAll("[data-item]")).map((el) => el.dataset.item);
    htmx.ajax("POST", list.dataset.orderUrl, {
      target: "#dagsorden",
      swap: "outerHTML",
      values: { punkt: ids },
    });
  }

  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest(".agenda-item[draggable=true]");
    if (!item) return;
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.item);
  });

  document.addEventListener("dragover", (event) => {
    const list = agenda();
    if (!dragged || !list || !list.contains(event.target)) return;
    event.preventDefault();
    const over = event.target.closest(".agenda-item");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", (event) => {
    const list = agenda();
    if (!dragged || !list) return;
    event.preventDefault();
  });

  document.addEventListener("dragend", () => {
    const list = agenda();
    if (!dragged || !list) return;
    dragged.classList.remove("dragging");
    dragged = null;
    sendOrder(list);
  });
})();
