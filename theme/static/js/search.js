// The search page: loads Pagefind (its script and index) only when there is a query.
(function () {
  const form = document.querySelector(".search-form");
  const field = document.getElementById("search-field");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  let loading = null; // Pagefind's module, imported once: separate import() calls can settle in any order
  let latest = 0;

  function search(query) {
    find(query).catch(() => {
      loading = null; // the next query tries again
      status.textContent = "Search is not available right now; the archive lists every article.";
    });
  }

  async function find(query) {
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    loading = loading || import(form.dataset.bundle + "pagefind.js");
    const pagefind = await loading;
    if (ticket !== latest) return; // a newer query is on its way
    const found = await pagefind.debouncedSearch(query, {}, 150);
    if (found === null || ticket !== latest) return; // a newer query is on its way
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...results.map(render));
    status.textContent = found.results.length
      ? `${found.results.length} result${found.results.length === 1 ? "" : "s"}`
      : "Nothing found.";
  }

  function render(result) {
    const item = document.createElement("li");
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = result.excerpt; // Pagefind's excerpt: escaped text with <mark>
    item.append(heading, excerpt);
    return item;
  }

  const initial = new URLSearchParams(location.search).get("q") || "";
  field.value = initial;
  field.focus();
  search(initial);
  field.addEventListener("input", () => {
    const url = new URL(location.href);
    url.searchParams.set("q", field.value);
    history.replaceState(null, "", url);
    search(field.value);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(field.value);
  });
})();
