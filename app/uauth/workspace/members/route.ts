// GET /uauth/workspace/members — the workspace's members and pending invitations; POST invites an address with a role (workspace token).
import { apiRoute } from "@/lib/api/handler";
import { inviteMember, inviteMemberSchema, listMembers, MEMBER_ADMIN_AUTHORITIES, requireAnyAuthority } from "@/lib/workspaces/members";

export const GET = apiRoute({ access: "workspace" }, async ({ principal, now }) => {
  requireAnyAuthority(principal, MEMBER_ADMIN_AUTHORITIES);
  return listMembers(principal, now);
});

export const POST = apiRoute({ access: "workspace", authority: "ROLE_ADMIN_INVITEUSER", body: inviteMemberSchema }, async ({ principal, body, facts, now }) => {
  const invitation = await inviteMember(principal, body, { ...facts, now });
  return Response.json(invitation, { status: 201 });
});
