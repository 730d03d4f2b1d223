// The kgate console: log in, post to a station, watch a topic. Plain JavaScript, no build step, nothing loaded from
// elsewhere. Every call goes to the listener that served this page, by paths relative to it (so a proxy's path
// prefix holds). The access token lives in this closure only, never in web storage or a cookie: gone with the tab.
"use strict";

(() => {
  const MAX_RECORDS = 200; // the list keeps the newest ones: a busy topic must not grow the page without end
  const $ = id => document.getElementById(id);

  let loginNeeded = true;
  let token = null;
  let expiryTimer = null;
  let socket = null;

  /** An API path as a URL on this page's own origin; this page is at .../console/. */
  const api = path => new URL("../" + path, location.href);

  function show(element, text, kind) {
    element.textContent = text;
    element.className = element.className.replace(/\b(ok|error)\b/g, "").trim() + (kind ? " " + kind : "");
  }

  /** Whether the API may be called now: logged in, or no login needed. */
  const ready = () => !loginNeeded || token !== null;

  function render() {
    $("login-panel").hidden = !loginNeeded;
    $("login-form").hidden = token !== null;
    $("logout").hidden = token === null;
    $("post").disabled = !ready();
    $("watch").disabled = !ready() || socket !== null;
    $("stop").disabled = socket === null;
  }

  function authorization() {
    return token === null ? {} : {"Authorization": "Bearer " + token};
  }

  async function settings() {
    try {
      const response = await fetch("settings.json", {cache: "no-cache"});
      loginNeeded = (await response.json()).login;
      show($("session"), loginNeeded ? "Not logged in" : "No login needed: the gateway has users switched off");
    } catch (error) {
      show($("session"), "Cannot reach the gateway: " + error, "error");
    }
    render();
  }

  async function login(event) {
    event.preventDefault();
    const username = $("username").value;
    show($("login-result"), "Logging in...");
    try {
      const response = await fetch(api("auth/authenticate"), {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({username: username, password: $("password").value})
      });
      const body = await response.json();
      if (!response.ok) {
        show($("login-result"), response.status + ": " + (body.error || body.message || "refused"), "error");
        return;
      }
      token = body.jwt;
      $("password").value = "";
      const until = new Date(Date.now() + body.expires_in);
      clearTimeout(expiryTimer);
      expiryTimer = setTimeout(() => logout("Your token expired: log in again"), body.expires_in);
      show($("session"), "Logged in as " + username, "ok");
      show($("login-result"), "Logged in as " + username + ". The access token is in this page's memory until "
        + until.toLocaleTimeString() + "; Log out or closing the tab forgets it.", "ok");
    } catch (error) {
      show($("login-result"), "Cannot reach the gateway: " + error, "error");
    }
    render();
  }

  function logout(why) {
    token = null;
    clearTimeout(expiryTimer);
    stopWatching();
    show($("session"), why || "Not logged in", why ? "error" : "");
    show($("login-result"), "");
    render();
  }

  async function post(event) {
    event.preventDefault();
    const answer = $("post-answer");
    show(answer, "Posting...");
    const station = $("station").value.trim();
    try {
      const response = await fetch(api("stations/" + encodeURIComponent(station) + "/produce/single"), {
        method: "POST",
        headers: Object.assign({"Content-Type": "application/json"}, authorization()),
        body: $("message").value
      });
      const text = await response.text();
      let shown = text;
      try {
        shown = JSON.stringify(JSON.parse(text), null, 2);
      } catch (notJson) {
        // shown as it came
      }
      show(answer, response.status + " " + response.statusText + "\n" + shown, response.ok ? "ok" : "error");
      if (response.status === 401 && token !== null) {
        logout("The gateway no longer takes your token: log in again");
      }
    } catch (error) {
      show(answer, "Cannot reach the gateway: " + error, "error");
    }
  }

  function watch(event) {
    event.preventDefault();
    const topic = $("topic").value.trim();
    const from = $("from").value;
    // A client and group of its own that commits nothing: watching leaves no offsets behind in Kafka.
    const clientId = "kgate-console-" + Math.random().toString(36).slice(2, 10);
    const url = api("socket/out");
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = new URLSearchParams({clientId: clientId, groupId: clientId, topic: topic,
      offsetResetStrategy: from, autoCommit: "false", keyType: "string", valType: "string"}).toString();
    // A browser cannot set Authorization on a WebSocket: the token goes as a subprotocol, and the server selects
    // "kgate", so that the token is not echoed back.
    const current = token === null ? new WebSocket(url) : new WebSocket(url, ["kgate", "bearer." + token]);
    socket = current;
    let opened = false;
    const status = $("watch-status");
    show(status, "Connecting to " + topic + "...");
    status.dataset.state = "connecting";
    current.onopen = () => {
      opened = true;
      status.dataset.state = "open";
      show(status, "Watching " + topic + (from === "earliest" ? " from the beginning" : " for new records"), "ok");
    };
    current.onmessage = message => addRecord(message.data);
    current.onclose = close => {
      if (socket === current) {
        socket = null;
      }
      status.dataset.state = "closed";
      if (!opened) {
        show(status, "The gateway refused the socket (the browser hides why: its console shows the status). Is "
          + topic + " a topic the gateway may read (out.topics.allowed), and are you granted read on it and group on "
          + "kgate-console-*?", "error");
      } else if (close.code === 1000 || close.code === 1005) {
        show(status, "Stopped watching " + topic);
      } else {
        show(status, "Closed by the gateway: " + close.code + (close.reason ? " " + close.reason : ""), "error");
      }
      render();
    };
    render();
  }

  function stopWatching() {
    if (socket !== null) {
      socket.close(1000);
      socket = null;
    }
    render();
  }

  /** One frame of /socket/out: a record, or an error about one, newest first. */
  function addRecord(data) {
    const list = $("records");
    const item = document.createElement("li");
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (notJson) {
      frame = {error: "not JSON: " + data};
    }
    if (frame.error !== undefined) {
      item.className = "error";
      item.append(line("meta", frame.wsProxyMessageId || ""), line("value", frame.error));
    } else {
      item.dataset.partition = frame.partition;
      item.dataset.offset = frame.offset;
      item.append(line("meta", "partition " + frame.partition + " \u00b7 offset " + frame.offset + " \u00b7 "
        + new Date(frame.timestamp).toLocaleTimeString()));
      if (frame.key && frame.key.value !== null && frame.key.value !== undefined) {
        item.append(line("key", "key " + text(frame.key.value)));
      }
      item.append(line("value", text(frame.value ? frame.value.value : null)));
    }
    list.prepend(item);
    while (list.children.length > MAX_RECORDS) {
      list.lastElementChild.remove();
    }
  }

  /** Text only, never markup: a record is whatever anyone wrote. */
  function line(kind, content) {
    const element = document.createElement("div");
    element.className = kind;
    element.textContent = content;
    return element;
  }

  const text = value => typeof value === "string" ? value : JSON.stringify(value);

  $("login-form").addEventListener("submit", login);
  $("logout").addEventListener("click", () => logout());
  $("post-form").addEventListener("submit", post);
  $("watch-form").addEventListener("submit", watch);
  $("stop").addEventListener("click", stopWatching);
  settings();
})();
