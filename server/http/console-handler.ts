import { userContext, type ActionContext } from "../auth/action";
import { authorizeUser } from "../auth/authorize-user";
import { tagAction, type SignedInAction } from "../auth/permissions";
import { requestContext } from "../auth/request-context";
import { errorResponse, jsonResponse } from "./api-handler";

/**
 * Wraps a console route handler (one that a signed-in browser calls, such as a CSV
 * download) for one action of the registry: the session is re-read and the role
 * checked before anything runs; errors answer `{ error: { code, message } }`.
 */
export function consoleRouteHandler<C>(action: SignedInAction, handler: (request: Request, signedIn: ActionContext, context: C) => Promise<Response>) {
  const wrapped = async (request: Request, context: C): Promise<Response> => {
    try {
      const { claims, sourceAddress } = await requestContext();
      const authorization = await authorizeUser(claims, action);
      if (!authorization.ok) return jsonResponse(authorization.code === "unauthenticated" ? 401 : 403, { error: { code: authorization.code, message: authorization.message } });
      return await handler(request, userContext(authorization.user, sourceAddress), context);
    } catch (error) {
      return errorResponse(request, error);
    }
  };
  return tagAction(wrapped, action, "session");
}
