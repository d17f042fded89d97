// Every text box with a length limit says, as the user types, how much of it is used:
// the browser stops typing at the limit without a word, and a pasted text is cut silently.
(function () {
  function counted(box) {
    var limit = parseInt(box.getAttribute("maxlength"), 10);
    if (!limit || box.dataset.counted) return;
    box.dataset.counted = "1";
    var note = document.createElement("small");
    note.className = "length-count";
    note.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", note);
    function show() {
      var used = box.value.length;
      note.textContent = " 已输入 " + used + " / " + limit + " 字" + (used >= limit ? "（已达上限，多出的字不会保存）" : "");
      note.style.color = used >= limit ? "#b00020" : "#555";
    }
    box.addEventListener("input", show);
    show();
  }
  function all() {
    document.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(function (box) {
      if (box.getAttribute("maxlength") >= 50 || box.tagName === "TEXTAREA") counted(box);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
