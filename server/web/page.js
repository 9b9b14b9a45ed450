"use strict";
// The page's whole client. It keeps the access token in a variable and
// never sees the refresh token when the server runs with -refresh-cookie.

let access = ""; // the access token, in memory only
let bodyRefresh = ""; // the refresh token, only when the server is not in cookie mode
let timer = 0;
let due = 0; // when the silent refresh fires (Date.now() milliseconds)
let refreshes = 0;

const $ = (id) => document.getElementById(id);

// csrftoken is the double-submit cookie: readable here, echoed in X-CSRFToken.
function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]*)/);
  return m ? m[1] : "";
}

// claims decodes a JWT's payload (no check: the server checks, the page only reads exp and iat).
function claims(tok) {
  const p = tok.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(p + "===".slice((p.length + 3) % 4)));
}

function show() {
  $("cookies").textContent = document.cookie || "(empty)";
  const items = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    items.push(k + "=" + localStorage.getItem(k));
  }
  $("local").textContent = items.join("\n") || "(empty)";
  $("memory").textContent = access || "(none)";
  $("refreshes").textContent = String(refreshes);
}

function log(msg) {
  $("status").textContent = msg;
  const li = document.createElement("li");
  li.textContent = new Date().toLocaleTimeString() + " " + msg;
  $("log").prepend(li);
  show();
}

async function post(path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const tok = csrfToken();
  if (tok) headers["X-CSRFToken"] = tok;
  const r = await fetch(path, {
    method: "POST",
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, data: await r.json(), date: r.headers.get("Date") };
}

function took(data, date) {
  access = data.access;
  if (data.refresh) bodyRefresh = data.refresh;
  schedule(date);
}

// schedule refreshes when 80% of the access token's remaining life has
// passed. The remaining life is exp less the server's own time, its Date
// header (whole seconds, so one more second comes off), so a clock
// difference with the server does not matter. Not exp - iat: an access
// token from /api/token/refresh/ carries the refresh token's iat
// (simplejwt copies it), the time of the login or of the last rotation.
function schedule(date) {
  clearTimeout(timer);
  const c = claims(access);
  let serverNow = Date.parse(date) / 1000;
  if (!Number.isFinite(serverNow)) serverNow = Date.now() / 1000;
  const ms = Math.max(1, (c.exp - serverNow - 1) * 0.8) * 1000;
  due = Date.now() + ms;
  timer = setTimeout(() => refresh("silent refresh"), ms);
}

async function login(ev) {
  ev.preventDefault();
  const { status, data, date } = await post("/api/token/", { username: $("username").value, password: $("password").value });
  if (status !== 200) return log("login failed: " + status + " " + JSON.stringify(data));
  const mode = $("mode");
  if (data.refresh) {
    mode.className = "warn";
    mode.textContent = "This server runs without -refresh-cookie: the refresh token came back in the JSON body, " +
      "where any script on this page can read it. Restart it with: jwtlab serve -refresh-cookie";
  } else {
    mode.className = "";
    mode.textContent = "Cookie mode: the refresh token is in an HttpOnly cookie (refresh_token) that this page cannot read.";
  }
  took(data, date);
  log("logged in");
}

async function refresh(what) {
  const { status, data, date } = await post("/api/token/refresh/", bodyRefresh ? { refresh: bodyRefresh } : undefined);
  if (status !== 200) {
    clearTimeout(timer);
    access = "";
    return log(what + " failed: " + status + " " + JSON.stringify(data));
  }
  refreshes++;
  took(data, date);
  log(what + " ok");
}

async function me() {
  const r = await fetch("/api/me/", { headers: { Accept: "application/json", Authorization: "Bearer " + access } });
  $("me").textContent = r.status + " " + JSON.stringify(await r.json());
  show();
}

async function logout() {
  const { status, data } = await post("/api/token/blacklist/", bodyRefresh ? { refresh: bodyRefresh } : undefined);
  clearTimeout(timer);
  access = "";
  bodyRefresh = "";
  localStorage.removeItem("access_token");
  log(status === 200 ? "logged out" : "log out: " + status + " " + JSON.stringify(data));
}

function storeLocal() {
  localStorage.setItem("access_token", access);
  log("access token copied to localStorage");
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("me-btn").addEventListener("click", me);
  $("refresh-btn").addEventListener("click", () => refresh("refresh"));
  $("store-local").addEventListener("click", storeLocal);
  $("logout").addEventListener("click", logout);
  show();
});
