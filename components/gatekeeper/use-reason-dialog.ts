"use client";

import { useState } from "react";
import { reasonProblem } from "@/components/ui/confirm";

/**
 * The state of a dialog that asks why before it acts (its own fields besides the reason): open or
 * not, the reason and whether it was touched, the server's refusal; everything starts afresh each
 * time the dialog opens or closes, so a reason or an error never lingers.
 */
export function useReasonDialog<E>(noError: E) {
  const [open, setOpenState] = useState(false);
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<E>(noError);
  return {
    open,
    setOpen: (next: boolean) => {
      setOpenState(next);
      setReason("");
      setTouched(false);
      setError(noError);
    },
    reason,
    setReason,
    touched,
    touch: () => setTouched(true),
    problem: reasonProblem(reason),
    error,
    setError,
  };
}
