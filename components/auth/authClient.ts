"use client";

import { createAuthClient } from "better-auth/react";
import { adminClient, usernameClient } from "better-auth/client/plugins";

/** better-auth's browser client: sign in with a username, sign out. Same origin as the app. */
export const authClient = createAuthClient({ plugins: [usernameClient(), adminClient()] });
