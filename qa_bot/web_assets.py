"""The page's and the widget's own CSS and script (``web.py`` hands them to
Gradio).  The script is inline: the CSP allows our own inline script and no
other host.

Gradio copies every custom CSS rule under a ``.gradio-container ... .contain``
prefix, and the copy outranks the original: a rule that must win (display of
the drawer's Back bar) is written so that its prefixed copy cannot match.
"""

CSS = """
.qa-panel h2 { font-size: 1.1rem; margin: 0 0 .4rem; }
.qa-cites { list-style: none; padding: 0; margin: 0; }
.qa-cite { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: .6rem .8rem; margin: 0 0 .6rem; }
.qa-cite:focus, .qa-cite:target { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.qa-cite h3 { font-size: 1rem; margin: .15rem 0 .3rem; }
.qa-meta { font-size: .875rem; margin: 0; }
.qa-details { font-size: .8rem; margin: .3rem 0 0; color: var(--body-text-color-subdued); }
.qa-quote { border-left: 4px solid #1d4ed8; margin: .3rem 0; padding: 0 0 0 .6rem;
  white-space: pre-wrap; }
.qa-item { position: relative; white-space: pre-wrap; max-height: 24rem; overflow: auto;
  padding: .4rem; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.qa-item mark { background: #fde047; color: #111827; }
.qa-item mark.qa-flash { outline: 3px solid #1d4ed8; outline-offset: 1px; }
.qa-copy, .qa-back { margin: .2rem 0 .6rem; padding: .35rem .7rem; border-radius: 6px;
  border: 1px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
.qa-copy:focus-visible, .qa-back:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.qa-note { font-size: .875rem; display: block; margin: .3rem 0; }
.qa-panel [hidden] { display: none !important; }
html:not(.qa-drawer-open) .qa-back { display: none; }  /* Gradio's prefixed copy of a bare rule would win */
.qa-count { font-weight: normal; font-size: .875rem; }
.qa-meetings h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.qa-meetings summary { cursor: pointer; padding: .2rem 0; }
.qa-items { margin: .2rem 0 .6rem 1.2rem; }
#qa-filters > button, #qa-filters .label-wrap { font-weight: 600; }
/* Gradio's selected tab is blue-500 on white (3.7:1); WCAG AA needs 4.5:1. */
button[role="tab"][aria-selected="true"] { color: #1d4ed8 !important; }
/* The widget, and the page on a phone: cited items open in a drawer over the
   conversation (the script sets these classes). */
html.qa-drawer-mode #qa-panel { display: none; }
html.qa-drawer-mode.qa-drawer-open #qa-panel { display: block; position: fixed; inset: 0;
  z-index: 1000; margin: 0; max-height: none; overflow: auto; border-radius: 0;
  background: var(--body-background-fill); padding: 3.4rem .8rem 2rem; }
html.qa-drawer-open #qa-panel .qa-back { display: block; position: fixed; top: 0; left: 0; right: 0;
  width: 100%; z-index: 1001; margin: 0; border: 0; border-bottom: 1px solid #1d4ed8;
  border-radius: 0; padding: .7rem .8rem; text-align: left; font-weight: 600; }
html.qa-drawer-open #qa-panel .qa-back::before { content: "\\2190  "; }
html.qa-drawer-open #qa-chat button[aria-label="Scroll down"],
html.qa-drawer-open #qa-chat .scroll-down-button-container { display: none; }
html.qa-drawer-open .qa-cite { scroll-margin-top: 3.4rem; }
"""

# Inline (the CSP allows our own inline script, no other host).  A citation
# marker or a nearest item opens its card with the quote scrolled into view
# and marked: beside the chat on a wide page, in a drawer over the chat in the
# widget and on a phone (Back or Escape closes it and returns focus to the
# link).  Items of the Meetings view are fetched through a hidden textbox.
# A new answer is shown from its start.  The copy button copies the answer.
HEAD = """<script>
(function () {
  var root = document.documentElement;
  var opener = null;
  function widget() { return /\\/widget(\\/|$)/.test(location.pathname); }
  function setMode() {
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    root.classList.toggle("qa-drawer-mode", widget() || narrow);
    if (!root.classList.contains("qa-drawer-mode")) { closeDrawer(false); }
  }
  function panel() { return document.getElementById("qa-panel"); }
  function showQuote(card) {
    for (var el = card; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    var whole = card.querySelector("details");
    if (whole) { whole.open = true; }
    var marks = card.querySelectorAll(".qa-item mark");
    for (var i = 0; i < marks.length; i++) { marks[i].classList.add("qa-flash"); }
    if (marks.length) {
      var box = marks[0].closest(".qa-item");
      box.scrollTop = Math.max(0, marks[0].offsetTop - 24);
    }
  }
  function openDrawer(link, card) {
    opener = link;
    var p = panel();
    root.classList.add("qa-drawer-open");
    p.setAttribute("role", "dialog");
    p.setAttribute("aria-modal", "true");
    p.setAttribute("aria-label", "Cited item");
    p.scrollTop = 0;
    showQuote(card);  // once the drawer is shown: a hidden box cannot scroll
    card.scrollIntoView({block: "start"});
    card.focus({preventScroll: true});
  }
  function closeDrawer(refocus) {
    if (!root.classList.contains("qa-drawer-open")) { return; }
    root.classList.remove("qa-drawer-open");
    var p = panel();
    if (p) { p.removeAttribute("role"); p.removeAttribute("aria-modal"); p.removeAttribute("aria-label"); }
    if (refocus !== false && opener && document.contains(opener)) { opener.focus(); }
  }
  function scroller(el) {
    for (var n = el.parentElement; n; n = n.parentElement) {
      var o = getComputedStyle(n).overflowY;
      if ((o === "auto" || o === "scroll") && n.scrollHeight > n.clientHeight) { return n; }
    }
    return null;
  }
  var asked = 0;
  function watchChat() {
    var chat = document.getElementById("qa-chat");
    if (!chat) { return false; }
    new MutationObserver(function () {
      var users = chat.querySelectorAll("[data-testid=user]");
      if (users.length > asked) {
        var last = users[users.length - 1];
        var box = scroller(last);
        if (box) {
          box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
        }
      }
      asked = users.length;
    }).observe(chat, {childList: true, subtree: true});
    return true;
  }
  function openItem(link) {
    var box = document.querySelector("#qa-item-request textarea, #qa-item-request input");
    var view = document.getElementById("qa-item-view");
    if (!box || !view) { return; }
    var before = document.getElementById("qa-opened-item");
    var id = decodeURIComponent(link.getAttribute("href").split("#qa-open-").pop());
    box.value = id + "|" + Date.now();
    box.dispatchEvent(new Event("input", {bubbles: true}));
    var tries = 0;
    var timer = setInterval(function () {
      var card = document.getElementById("qa-opened-item");
      if ((card && card !== before) || ++tries > 100) {
        clearInterval(timer);
        if (card) {
          card.scrollIntoView({block: "start"});
          card.focus({preventScroll: true});
        }
      }
    }, 50);
  }
  document.addEventListener("click", function (event) {
    var t = event.target;
    if (!t || !t.closest) { return; }
    var link = t.closest('a[href*="#cite-"], a[href*="#near-"]');
    if (link) {
      var id = link.getAttribute("href").split("#").pop();
      var card = document.getElementById(id);
      if (!card) { return; }
      event.preventDefault();
      if (root.classList.contains("qa-drawer-mode")) { openDrawer(link, card); return; }
      showQuote(card);
      opener = link;
      var top = card.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) { card.scrollIntoView({block: "start"}); }
      card.focus({preventScroll: true});
      return;
    }
    var item = t.closest('a[href*="#qa-open-"]');
    if (item) { event.preventDefault(); openItem(item); return; }
    if (t.closest("button.qa-back")) { closeDrawer(); return; }
    var button = t.closest("button.qa-copy");
    if (button) {
      var source = button.nextElementSibling;
      if (!source) { return; }
      var text = source.textContent;
      var done = function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy answer with citations"; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        var area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        document.execCommand("copy"); area.remove(); done();
      }
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.classList.contains("qa-drawer-open")) {
      event.preventDefault();
      closeDrawer();
    }
  });
  window.addEventListener("resize", setMode);
  setMode();
  var waited = 0;
  var watcher = setInterval(function () {
    if (watchChat() || ++waited > 600) { clearInterval(watcher); }
  }, 100);
})();
</script>"""
