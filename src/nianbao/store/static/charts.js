// The corpus statistics charts (ECharts). Data from <script type="application/json"
// id="stats-data">: used by the page `nianbao stats --plot` writes and by the web app.
"use strict";

(function () {
  const source = document.getElementById("stats-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);

  function bars(id, title, series, stack, unit) {
    const el = document.getElementById(id);
    if (!el) return;
    echarts.init(el).setOption({
      animation: false, title: {text: title}, tooltip: {trigger: "axis"}, legend: {top: 30},
      grid: {top: 80, bottom: 80},
      xAxis: {type: "category", data: data.groups, axisLabel: {rotate: 30}},
      yAxis: {type: "value", name: unit},
      series: Object.entries(series).map(function (kv) {
        return {name: kv[0], type: "bar", stack: stack, data: kv[1]};
      })
    });
  }

  bars("applications", "政府信息公开申请数量",
       {"本年新收申请": data.received, "上年结转申请": data.carried_over}, null, "件");
  bars("outcomes", "办理结果构成（占办理结果总计）", data.rates, "share", "%");
  bars("correction", "行政复议、行政诉讼纠错率", data.correction, null, "%");
  bars("errors", "有错误的报告占比", {"有错误的报告占比": data.error_share}, null, "%");
  const rulesEl = document.getElementById("rules");
  if (rulesEl) {
    echarts.init(rulesEl).setOption({
      animation: false, title: {text: "最常违反的规则（报告数）"}, tooltip: {}, grid: {left: 260},
      xAxis: {type: "value"},
      yAxis: {type: "category", data: data.rules.map(function (r) { return r[0]; }).reverse()},
      series: [{type: "bar", data: data.rules.map(function (r) { return r[1]; }).reverse()}]
    });
  }
})();
