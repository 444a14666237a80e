/**
 * Development secrets, used only when the environment sets none and NODE_ENV is not
 * `production` (lib/env.ts `devDefault`). Public by design: tokens signed with them prove
 * nothing outside a developer's machine.
 */
export const DEV_JWT_SECRET = 'bangfu-development-jwt-secret-not-for-production';
export const DEV_GATEWAY_SECRET = 'bangfu-development-gateway-hmac-not-for-production';
