/**
 * Development secrets, used only when the environment sets none, NODE_ENV is not `production`
 * and the process listens on loopback (lib/env.ts `devDefault`, which prints a warning when it
 * uses one). Public by design: tokens signed with them prove nothing outside a developer's
 * machine.
 */
export const DEV_JWT_SECRET = 'bangfu-development-jwt-secret-not-for-production';
