import { applyPaymentEvent } from "../../transactions/apply-payment-event";
import type { EventHandler } from "../handler-types";

/** charge.dispute.created and .closed: the dispute's status moves forward only (a closed dispute stays closed). */
export const chargeDispute: EventHandler = (context) => applyPaymentEvent(context, "dispute");
