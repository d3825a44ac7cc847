// The live preview: each build arrives as a server-sent event and is swapped into the page
// in place, so the reader keeps their place; no reload.
"use strict";
(() => {
  const status = document.getElementById("fp-status");
  const report = document.getElementById("fp-report");
  const style =
    document.querySelector("head style") || document.head.appendChild(document.createElement("style"));
  const parser = new DOMParser();
  let version = Number(document.body.dataset.version);
  let reportVersion = Number(document.body.dataset.reportVersion);
  let head = null; // the report's head as last shown (null: as the page came)
  let warningsOpen = null; // the reader's choice, kept from build to build

  status.addEventListener("toggle", (event) => {
    if (event.target.matches("details.fp-warnings")) warningsOpen = event.target.open;
  }, true);

  function show(build) {
    if (build.version === version) return;
    version = build.version;
    const reader = place();
    status.innerHTML = build.status;
    const warnings = status.querySelector("details.fp-warnings");
    if (warnings && warningsOpen !== null) warnings.open = warningsOpen;
    if (build.body !== undefined && build.reportVersion !== reportVersion) {
      if (build.head !== head) showHead(build.head);
      showBody(build.body);
      reportVersion = build.reportVersion;
    }
    report.classList.toggle("fp-stale", build.stale);
    keep(reader);
  }

  // Where the reader is: the element in the middle of the window, the report's part (a
  // sheet) that holds it, and the report, each with its place in the window.
  function place() {
    const element = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    let part = element;
    while (part && part.parentElement !== report) part = part.parentElement;
    const index = part ? Array.prototype.indexOf.call(report.children, part) : -1;
    const top = (node) => (node ? node.getBoundingClientRect().top : 0);
    return { element, index, tops: [top(element), top(part), top(report)] };
  }

  // What the reader looked at stays where it was, however the panel above it or the parts
  // before it changed: the element if it is still there, else the part in its place.
  function keep(reader) {
    if (window.scrollY === 0) return; // at the top: the panel is what to see
    const element = reader.element && report.contains(reader.element) ? reader.element : null;
    const part = report.children[reader.index] || null;
    const [node, before] = element
      ? [element, reader.tops[0]]
      : part
        ? [part, reader.tops[1]]
        : [report, reader.tops[2]];
    window.scrollBy(0, node.getBoundingClientRect().top - before);
  }

  function showHead(html) {
    head = html;
    const page = parser.parseFromString(html, "text/html");
    const css = Array.from(page.head.querySelectorAll("style"), (s) => s.textContent).join("\n");
    if (style.textContent !== css) style.textContent = css;
    document.title = page.title;
  }

  // Only the parts that changed are replaced (the sheets, mostly): the browser then lays out
  // those again, not the whole report.
  function showBody(html) {
    const fresh = document.createElement("template");
    fresh.innerHTML = html;
    const next = Array.from(fresh.content.childNodes);
    const old = Array.from(report.childNodes);
    next.forEach((node, i) => {
      if (i >= old.length) report.appendChild(node);
      else if (!old[i].isEqualNode(node)) old[i].replaceWith(node);
    });
    old.slice(next.length).forEach((node) => node.remove());
  }

  const events = new EventSource("/events");
  events.addEventListener("update", (event) => show(JSON.parse(event.data)));
  events.addEventListener("open", () => document.body.classList.remove("fp-offline"));
  events.addEventListener("error", () => document.body.classList.add("fp-offline"));
})();
