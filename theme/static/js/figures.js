// Draws the interactive figures of a notebook page from the data stored in it.
// Loaded (deferred, after the figure libraries) only on pages that have such figures.
for (const data of document.querySelectorAll("script[data-figure]")) {
  const target = document.getElementById(data.dataset.target);
  const spec = JSON.parse(data.textContent);
  target.replaceChildren();
  if (data.dataset.figure === "plotly") {
    const config = { responsive: true, displaylogo: false, ...spec.config };
    window.Plotly.newPlot(target, spec.data, spec.layout, config);
  } else if (data.dataset.figure === "bokeh") {
    window.Bokeh.embed.embed_items(spec.docs_json, spec.render_items);
  }
}
