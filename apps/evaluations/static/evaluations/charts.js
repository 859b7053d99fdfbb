/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
   (written by Django's json_script). Chart.js comes from /static/vendor/chart.umd.js, no CDN. */
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var palette = ["#1f6f8b", "#e39b2d", "#5b8c3a", "#b24a4a", "#6c5b9b", "#3d8f8f"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      (spec.datasets || []).forEach(function (ds, i) {
        var colour = ds.color || palette[i % palette.length];
        ds.backgroundColor = ds.backgroundColor || (spec.type === "line" ? colour : colour + "cc");
        ds.borderColor = ds.borderColor || colour;
        ds.spanGaps = true;
      });
      new Chart(canvas, {
        type: spec.type || "bar",
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          animation: false,  // low-end phones: draw once, no per-frame work
          maintainAspectRatio: false,
          indexAxis: spec.horizontal ? "y" : "x",
          plugins: { legend: { display: (spec.datasets || []).length > 1 } },
          scales: spec.stacked ? { x: { stacked: true }, y: { stacked: true } } : (spec.max ? { y: { min: spec.min || 0, max: spec.max } } : {})
        }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
