// Upload page: drag and drop, one request per file with its own progress bar; the row then
// polls its verdict through htmx. No inline script anywhere (the Content-Security-Policy).
"use strict";

(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("file-input");
  const rows = document.getElementById("job-rows");

  function cell(tr, text, cls) {
    const td = document.createElement("td");
    if (cls) td.className = cls;
    if (text !== undefined) td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function upload(file) {
    const tr = document.createElement("tr");
    tr.className = "job status-uploading";
    cell(tr, file.name, "name");
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    cell(tr).appendChild(bar);
    const status = cell(tr, "上传中");
    const verdict = cell(tr, "");
    rows.insertBefore(tr, rows.firstChild);

    const data = new FormData();
    data.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", function () {
      const body = xhr.response || {};
      if (xhr.status === 202 || xhr.status === 201) {
        bar.value = 100;
        const job = body.jobs[0];
        tr.id = "job-" + job.id;
        status.textContent = job.status_zh;
        htmx.ajax("GET", "/uploads/" + encodeURIComponent(job.id), {target: tr, swap: "outerHTML"});
      } else {
        tr.className = "job status-failed";
        status.textContent = "已拒绝";
        verdict.className = "error";
        verdict.textContent = body.error || ("上传失败（HTTP " + xhr.status + "）");
      }
    });
    xhr.addEventListener("error", function () {
      tr.className = "job status-failed";
      status.textContent = "上传失败";
      verdict.textContent = "网络错误，未能上传";
    });
    xhr.send(data);
  }

  function uploadAll(files) {
    for (const f of files) upload(f);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    uploadAll(input.files);
    input.value = "";
  });
  input.addEventListener("change", function () {
    uploadAll(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (e) {
      e.preventDefault();
      form.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function (e) {
      e.preventDefault();
      form.classList.remove("over");
    });
  });
  form.addEventListener("drop", function (e) {
    uploadAll(e.dataTransfer.files);
  });
})();

// Report page: the clicked cell or finding stays marked while its evidence is shown.
document.addEventListener("htmx:beforeRequest", function (e) {
  const el = e.detail.elt;
  if (!el.closest || !(el.matches("[data-cell]") || el.matches(".finding"))) return;
  document.querySelectorAll(".selected").forEach(function (s) { s.classList.remove("selected"); });
  el.classList.add("selected");
});
