// A JavaScript client that behaves as Genesys' official wwe-service-client-api.js does, written only from the
// facts in spec/SPEC-NOTES.md §11 and §11.1 (and DECISIONS D1-D3, D8, D15-D19), for compatibility tests: pages
// written for the official client run on it unchanged. It keeps the official client's unsafe habits on purpose
// (§11, D2): it posts to "*" and trusts any message whose userAgent contains "WWE".
//
//   genesys.wwe.service.<ns>.<method>(...parameters, succeeded, failed)
//   genesys.wwe.service.sendMessage(message, succeeded, failed)
//   genesys.wwe.service.subscribe(names, callback, context) / unsubscribe(callback)
//   genesys.wwe.service.onMessage = (text) => ...     plain "wwe..." strings
//   genesys.wwe.service.targetWindow = someWindow     (our name for "the window it was explicitly told to target")
(function () {
  "use strict";

  // Every method of spec/scapi-spec.json with its declared (non-callback) parameters, in declaration order (§3).
  const METHODS = {
    agent: { get: [], getState: [], getStateList: [], setState: ["stateOperationName"] },
    configuration: { getOption: ["options"], getContextualOption: ["options", "interactionId"] },
    email: { create: ["destination", "userData"] },
    interaction: {
      completeConference: ["consultInteractionId"], completeTransfer: ["consultInteractionId"],
      consult: ["interactionId", "targetQuery", "userData", "extensions"], deleteUserData: ["interactionId", "key"],
      getByInteractionId: ["interactionId"], getInteractions: [], selectCaseByCaseId: ["caseId"],
      setUserData: ["interactionId", "keyValues"], markdone: ["interactionId"],
      blockMarkdone: ["interactionId", "warningMessage"],
      singleStepConference: ["interactionId", "targetQuery", "userData", "extensions"],
      singleStepTransfer: ["interactionId", "targetQuery", "userData", "extensions"],
      unblockMarkdone: ["interactionId"], accept: ["interactionId"], reject: ["interactionId"],
    },
    media: { getMediaList: [], getMediaByName: ["name"], setState: ["name", "stateOperationName"] },
    system: {
      amIVisible: [], closeDialog: ["dialogId"], closeToast: ["id"], closeViewInApplicationMenuBar: ["name"],
      getAllowedServices: [], isFrameLeading: [], isFrameFollowing: [], isFrameNegotiating: [],
      isFrameLeadingOrNegotiating: [], isLastActiveFrame: [], openDialog: ["url", "options"],
      popupToast: ["parameters"], triggerActivity: [], updateViewInApplicationMenuBar: ["parameters"],
      updateToast: ["id", "parameters"],
    },
    voice: {
      answer: ["interactionId"], dial: ["destination", "userData"], dialEx: ["destination", "userData", "extensions"],
      hangUp: ["interactionId"], hold: ["interactionId"], resume: ["interactionId"],
      pauseCallRecording: ["interactionId"], resumeCallRecording: ["interactionId"],
      startCallRecording: ["interactionId"], stopCallRecording: ["interactionId"],
      isMicrophoneMute: [], muteMicrophone: [], unmuteMicrophone: [], isSpeakerMute: [], muteSpeaker: [], unmuteSpeaker: [],
    },
    // §11.1: "The mute methods are named sipEndpoint.* in all three versions" (D4: aliases of the voice ones).
    sipEndpoint: { isMicrophoneMute: [], muteMicrophone: [], unmuteMicrophone: [], isSpeakerMute: [], muteSpeaker: [], unmuteSpeaker: [] },
    outbound: {
      getCampaigns: [], getPreviewRecord: ["campaignName"], callPreviewRecord: ["interactionId", "recordHandle"],
      rejectPreviewRecord: [], cancelPreviewRecord: [], startDirectPushPreview: [], stopDirectPushPreview: [],
      getListOfCallResults: [], setCallResult: ["interactionId", "callResult"], getCallResult: ["interactionId"],
      setDoNotCall: ["interactionId"], removeDoNotCall: ["interactionId"],
      rescheduleRecord: ["interactionId", "recordHandle", "rescheduleDate", "callbackType"],
      cancelReschedule: ["interactionId"], getChainedRecords: ["interactionId"], getRecordFields: ["interactionId"],
      updateRecordFields: ["interactionId", "recordData"],
    },
    auth: { getJwtToken: [] },
    messenger: { broadcastMessage: ["channel", "message"] },
  };

  const TIMEOUT_MS = 10000;  // §11 Timeout: "within 10 seconds"
  let counter = 0;           // §11 Request: "an incrementing counter that starts at "0""
  let frameId = null;        // §11 Frame id assignment
  const pending = [];        // {referenceId, succeeded, failed, timer}
  const subscriptions = {};  // event name -> {callback, context, subscriptionId}: §11.1 one subscription per name

  const service = { METHODS, targetWindow: null, onMessage: null };

  // §11 Target window: the explicit one, else window.opener (popup), else window.parent (iframe).
  const target = () => service.targetWindow || window.opener || window.parent;

  // §11.1: public; every message goes through it and gets a referenceId (subscribe and unsubscribe included).
  service.sendMessage = function (message, succeeded, failed) {
    const referenceId = String(counter++);                   // §11: a string, from "0"
    const stamped = Object.assign({}, message, { referenceId, userAgent: "WWE Client", protocolVersion: 2 });
    if (frameId !== null) stamped.frameId = frameId;          // §11: "A frameId is added once the client has one"
    const call = { referenceId, succeeded, failed };
    call.timer = setTimeout(() => {                           // §11 Timeout: fails with "Request timeout"
      pending.splice(pending.indexOf(call), 1);
      if (typeof failed === "function") failed("Request timeout");
    }, TIMEOUT_MS);
    pending.push(call);
    target().postMessage(stamped, "*");                      // §11, D2: the official client posts to "*"
  };

  // §11 Request / §11.1: `parameters` holds the declared arguments in declaration order (full declared arity);
  // the trailing function arguments are the callbacks; a callback given in place of an argument (voice.dial(dest, cb))
  // leaves that argument null; a method without parameters sends no `parameters` key at all.
  function method(name, declared) {
    return function (...args) {
      const callbacks = [];
      while (callbacks.length < 2 && typeof args[args.length - 1] === "function") callbacks.unshift(args.pop());
      const [succeeded, failed] = callbacks;
      const message = { request: name };
      if (declared.length > 0) message.parameters = declared.map((_, i) => (args[i] === undefined ? null : args[i]));
      service.sendMessage(message, succeeded, failed);
    };
  }

  for (const [ns, methods] of Object.entries(METHODS)) {
    service[ns] = {};
    for (const [name, declared] of Object.entries(methods)) service[ns][name] = method(`${ns}.${name}`, declared);
  }

  // §11 Subscribe, §11.1: posts {event: "subscribe", data: names}; the reply carries subscriptionId. One subscription
  // per event name: a later subscribe for the same name replaces the earlier one.
  service.subscribe = function (names, callback, context) {
    const subscription = { callback, context, subscriptionId: null };
    for (const name of Array.isArray(names) ? names : [names]) subscriptions[name] = subscription;
    service.sendMessage({ event: "subscribe", data: names }, (reply) => { subscription.subscriptionId = reply.subscriptionId; });
  };

  // §11.1: unsubscribe(callback) looks the subscription up by callback and posts {event: "unsubscribe", data: subscriptionId}.
  service.unsubscribe = function (callback) {
    const ids = new Set();
    for (const [name, subscription] of Object.entries(subscriptions)) {
      if (subscription.callback !== callback) continue;
      delete subscriptions[name];
      if (subscription.subscriptionId !== null && subscription.subscriptionId !== undefined) ids.add(subscription.subscriptionId);
    }
    for (const subscriptionId of ids) service.sendMessage({ event: "unsubscribe", data: subscriptionId });
  };

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (typeof message === "string") {                        // §11 Plain-string messages starting with "wwe"
      if (message.startsWith("wwe") && typeof service.onMessage === "function") service.onMessage(message);
      return;
    }
    // §11 Host replies, §11.1: a message is from the host when its userAgent contains "WWE" (no origin/source check).
    if (!message || typeof message.userAgent !== "string" || message.userAgent.indexOf("WWE") < 0) return;
    if (message.frameId !== undefined && message.event === undefined && message.referenceId === undefined) {
      frameId = message.frameId;                              // §11 Frame id assignment
      return;
    }
    if (message.referenceId !== undefined) {
      // §11.1: the 2014-2017 version matches referenceId with ==.
      const call = pending.find((c) => c.referenceId == message.referenceId);  // eslint-disable-line eqeqeq
      if (!call) return;
      pending.splice(pending.indexOf(call), 1);
      clearTimeout(call.timer);
      const reply = Object.assign({}, message);
      delete reply.referenceId;                               // §11.1, D1: callbacks get the reply without referenceId
      const callback = message.errorMessage !== undefined ? call.failed : call.succeeded;  // §11: data or errorMessage
      if (typeof callback === "function") callback(reply);
      return;
    }
    if (message.event !== undefined) {                        // §11 Events: to the handler of that name
      const subscription = subscriptions[message.event];
      if (subscription && typeof subscription.callback === "function") subscription.callback.call(subscription.context, message);
    }
  });

  window.genesys = window.genesys || {};
  window.genesys.wwe = window.genesys.wwe || {};
  window.genesys.wwe.service = service;
})();
