// Draws many Mermaid diagrams in one browser session, with the Mermaid that
// @mermaid-js/mermaid-cli installed, on the system's Chromium.
//
// node mermaid_batch.mjs <mermaid-cli package folder> < job.json
// job: {"browser": path, "args": [...], "config": {...}, "diagrams": [{"id", "source"}]}
// Prints one JSON line per diagram: {"id", "svg"} or {"id", "error"}.
//
// mermaid-cli's renderMermaid() opens a fresh page and loads Mermaid for every diagram
// (about a second each). Here Mermaid is loaded once, in one page, and each diagram is
// one mermaid.render() call (the function renderMermaid itself calls). A diagram this
// fast path cannot draw for another reason than its syntax (a diagram type that only
// mermaid-cli registers, such as ZenUML) is drawn by renderMermaid after all.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const cliFolder = process.argv[2];
// Mermaid and puppeteer are mermaid-cli's: found from its folder, not from this script's.
const require = createRequire(path.join(cliFolder, "package.json"));
const puppeteer = (await import(pathToFileURL(require.resolve("puppeteer")))).default;
const mermaidFolder = path.dirname(require.resolve("mermaid/package.json"));

let input = "";
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const syntaxError = /Parse error|Lexical error|Syntax error|Expecting/i;

const browser = await puppeteer.launch({
  executablePath: job.browser,
  args: job.args,
  headless: true,
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="container"></div></body></html>');
  await page.addScriptTag({ path: path.join(mermaidFolder, "dist", "mermaid.min.js") });
  await page.evaluate((config) => {
    window.mermaid.initialize({ startOnLoad: false, ...config });
  }, job.config);
  let fallback = null;
  for (const diagram of job.diagrams) {
    let answer = await page.evaluate(
      async (id, source) => {
        try {
          const container = document.getElementById("container");
          const { svg } = await window.mermaid.render(id, source, container);
          // As mermaid-cli does: XML, whatever HTML the labels hold (<br> -> <br/>).
          container.innerHTML = svg;
          return { svg: new XMLSerializer().serializeToString(container.querySelector("svg")) };
        } catch (error) {
          return { error: String((error && error.message) || error) };
        } finally {
          document.getElementById("container").innerHTML = "";
        }
      },
      diagram.id,
      diagram.source,
    );
    if (answer.error && !syntaxError.test(answer.error)) {
      fallback ??= await import(pathToFileURL(path.join(cliFolder, "src", "index.js")));
      try {
        console.warn = () => {};
        const { data } = await fallback.renderMermaid(browser, diagram.source, "svg", {
          backgroundColor: "transparent",
          mermaidConfig: job.config,
          svgId: diagram.id,
        });
        answer = { svg: new TextDecoder().decode(data) };
      } catch (error) {
        answer = { error: String((error && error.message) || error) };
      }
    }
    process.stdout.write(JSON.stringify({ id: diagram.id, ...answer }) + "\n");
  }
} finally {
  await browser.close();
}
