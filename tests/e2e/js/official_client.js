// A stand-in for the official JavaScript client (genesys.wwe.service), built from its documented wire behaviour
// (spec/SPEC-NOTES.md §11), for compatibility tests. It keeps the official client's unsafe habits on purpose:
// it posts to "*" and trusts any message whose userAgent contains "WWE".
(function () {
  const TIMEOUT_MS = 10000;
  let counter = 0;
  let frameId = null;
  const pending = new Map();       // referenceId -> {request, succeeded, failed, timer}
  const subscriptions = new Map(); // referenceId of a subscribe -> {handler, context}
  const handlers = new Map();      // subscriptionId -> {names, handler, context}
  const service = { targetWindow: null, onMessage: null };

  const target = () => service.targetWindow || window.opener || window.parent;

  function send(message) {
    if (frameId !== null) message.frameId = frameId;
    target().postMessage(message, "*");
  }

  function request(name, args) {
    args = [...args];
    let failed, succeeded;
    if (typeof args[args.length - 1] === "function" && typeof args[args.length - 2] === "function") {
      failed = args.pop();
      succeeded = args.pop();
    } else if (typeof args[args.length - 1] === "function") {
      succeeded = args.pop();
    }
    const referenceId = String(++counter);
    const timer = setTimeout(() => {
      pending.delete(referenceId);
      failed && failed("Request timeout");
    }, TIMEOUT_MS);
    pending.set(referenceId, { succeeded, failed, timer });
    send({ request: name, parameters: args, referenceId, userAgent: "WWE Client", protocolVersion: 2 });
  }

  service.subscribe = function (names, handler, context) {
    const referenceId = String(++counter);
    subscriptions.set(referenceId, { names, handler, context });
    send({ event: "subscribe", data: names, referenceId });
  };

  service.unsubscribe = function (subscriptionId) {
    handlers.delete(subscriptionId);
    send({ event: "unsubscribe", data: subscriptionId });
  };

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (typeof message === "string") {
      if (message.startsWith("wwe") && service.onMessage) service.onMessage(message);
      return;
    }
    if (!message || typeof message.userAgent !== "string" || !message.userAgent.includes("WWE")) return;
    if (message.frameId && !message.event && !message.referenceId) {
      frameId = message.frameId;
      return;
    }
    const call = pending.get(message.referenceId);
    if (call) {
      pending.delete(message.referenceId);
      clearTimeout(call.timer);
      const { referenceId, ...reply } = message;
      if ("errorMessage" in message) call.failed && call.failed(reply);
      else call.succeeded && call.succeeded(reply);
      return;
    }
    const subscription = subscriptions.get(message.referenceId);
    if (subscription) {
      subscriptions.delete(message.referenceId);
      if (message.subscriptionId) handlers.set(message.subscriptionId, subscription);
      return;
    }
    if (message.event) {
      for (const { names, handler, context } of handlers.values()) {
        const list = Array.isArray(names) ? names : [names];
        if (list.includes(message.event)) handler.call(context, message);
      }
    }
  });

  // genesys.wwe.service.<namespace>.<method>(...parameters, succeeded, failed)
  const namespace = (ns) => new Proxy({}, { get: (_, method) => (...args) => request(`${ns}.${String(method)}`, args) });
  window.genesys = { wwe: { service: new Proxy(service, {
    get: (object, key) => (key in object ? object[key] : namespace(String(key))),
  }) } };
})();
