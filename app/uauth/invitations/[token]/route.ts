// GET /uauth/invitations/{token} — what an invitation link is for (workspace, inviter, e-mail); never consumes it.
import { apiRoute } from "@/lib/api/handler";
import { describeInvitation } from "@/lib/invitations/workspace";

export const GET = apiRoute<"public", undefined, { token: string }>({ access: "public" }, async ({ params, facts, now }) => describeInvitation(params.token, { ...facts, now }));
