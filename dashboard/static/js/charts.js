// charts.js draws every chart on the page. The server (go-echarts) puts each chart's ECharts
// option, as JSON, in the data-echarts-option attribute of its element: no inline script, so
// the strict Content-Security-Policy holds.
"use strict";

(function () {
  function draw() {
    var elements = document.querySelectorAll("[data-echarts-option]");
    var drawn = [];
    elements.forEach(function (el) {
      var option = JSON.parse(el.getAttribute("data-echarts-option"));
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      drawn.push(chart);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (chart) { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
