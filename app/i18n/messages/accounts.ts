/**
 * Signing up and in, the platform administration of organisations, and API tokens.
 * `zh` is typed against `en`, so a key missing from either language fails the type check.
 */
export const en = {
  "login.title": "Log in",
  "login.subtitle": "Use the email address of your organisation account.",
  "login.submit": "Log in",
  "login.noAccount": "No account yet?",
  "login.demoAccounts": "Demo accounts",
  "login.demoHint": "All demo accounts use the password demo-password.",

  "signup.title": "Create an account",
  "signup.subtitle":
    "Register your company as a contractor or a recycler. A platform administrator verifies new organisations.",
  "signup.organisation": "Your organisation",
  "signup.you": "You",
  "signup.submit": "Create account",
  "signup.haveAccount": "Already registered?",

  "auth.invalidCredentials": "Email or password is not correct.",
  "auth.throttled": "Too many attempts. Please wait a moment and try again.",
  "auth.throttledSeconds": "Too many failed attempts for this account. Try again in {seconds} s.",
  "auth.throttledMinutes": "Too many failed attempts for this account. Try again in {minutes} min.",
  "auth.addressThrottled":
    "Too many failed logins from your network address. Try again in {minutes} min.",
  "auth.emailTaken": "An account with this email already exists.",
  "auth.creditCodeTaken": "An organisation with this credit code is already registered.",

  "admin.title": "Organisations",
  "admin.subtitle": "Verify organisations after checking their business licence.",
  "admin.members": "Members",
  "admin.verified": "Verification",
  "admin.verify": "Verify",
  "admin.unverify": "Withdraw",
  "admin.throttles": "Login throttles",
  "admin.throttlesHint":
    "From one address, an account's third failed login in a row makes the next attempt wait 1 s, and each further failure doubles the wait (up to 15 min); other addresses are not affected. An address with 30 failures in 15 minutes is refused for every account. Clear a throttle once you know who is behind it.",
  "admin.throttlesEmpty": "No login throttles.",
  "admin.throttleAddress": "Address",
  "admin.throttleAccount": "Account",
  "admin.throttleFailures": "Failures",
  "admin.throttleBlockedUntil": "Blocked until",
  "admin.throttleAllAccounts": "All accounts (address ceiling)",
  "admin.throttleNotBlocked": "Can try now",
  "admin.throttleClear": "Clear",
  "admin.throttleGone": "This throttle has already ended or been cleared.",

  "apiTokens.title": "API tokens",
  "apiTokens.subtitle":
    "Tokens let your own software, such as weighbridge, ERP or a department's statistics systems, use the JSON API for your organisation. Each token acts with the role you give it.",
  "apiTokens.docs": "API documentation (OpenAPI)",
  "apiTokens.new": "New token",
  "apiTokens.create": "Create token",
  "apiTokens.createdTitle": "Token “{name}” created",
  "apiTokens.createdBody":
    "Copy it now and store it in the program that will use it: it is shown only this once. Send it as “Authorization: Bearer <token>”.",
  "apiTokens.secret": "API token",
  "apiTokens.list": "Your organisation's tokens",
  "apiTokens.empty": "No API tokens yet",
  "apiTokens.emptyBody":
    "Create one token per program or device, with the role it needs, so each can be revoked on its own.",
  "apiTokens.never": "Never",
  "apiTokens.revoke": "Revoke",
  "apiTokens.revokeName": "Revoke {name}",
  "apiTokens.notFound": "This token does not exist or belongs to another organisation.",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "login.title": "登录",
  "login.subtitle": "请使用机构账号的电子邮箱登录。",
  "login.submit": "登录",
  "login.noAccount": "还没有账号？",
  "login.demoAccounts": "演示账号",
  "login.demoHint": "所有演示账号的密码均为 demo-password。",

  "signup.title": "注册账号",
  "signup.subtitle": "以施工单位或资源化利用企业身份注册。新机构由平台管理员审核认证。",
  "signup.organisation": "机构信息",
  "signup.you": "您的信息",
  "signup.submit": "注册",
  "signup.haveAccount": "已有账号？",

  "auth.invalidCredentials": "邮箱或密码不正确。",
  "auth.throttled": "尝试次数过多，请稍后再试。",
  "auth.throttledSeconds": "该账号登录失败次数过多，请 {seconds} 秒后再试。",
  "auth.throttledMinutes": "该账号登录失败次数过多，请 {minutes} 分钟后再试。",
  "auth.addressThrottled": "您所在网络地址的登录失败次数过多，请 {minutes} 分钟后再试。",
  "auth.emailTaken": "该邮箱已注册。",
  "auth.creditCodeTaken": "该统一社会信用代码的机构已注册。",

  "admin.title": "机构管理",
  "admin.subtitle": "核验营业执照后认证机构。",
  "admin.members": "成员",
  "admin.verified": "认证",
  "admin.verify": "认证",
  "admin.unverify": "撤销认证",
  "admin.throttles": "登录限制",
  "admin.throttlesHint":
    "同一账号从同一地址连续登录失败 3 次后，下次尝试须等待 1 秒，此后每次失败等待时间加倍（最长 15 分钟），其他地址不受影响。一个地址 15 分钟内失败 30 次，则该地址对所有账号均被拒绝。确认来源后可解除限制。",
  "admin.throttlesEmpty": "暂无登录限制。",
  "admin.throttleAddress": "地址",
  "admin.throttleAccount": "账号",
  "admin.throttleFailures": "失败次数",
  "admin.throttleBlockedUntil": "限制至",
  "admin.throttleAllAccounts": "所有账号（地址上限）",
  "admin.throttleNotBlocked": "现在可以尝试",
  "admin.throttleClear": "解除",
  "admin.throttleGone": "该限制已结束或已被解除。",

  "apiTokens.title": "API 令牌",
  "apiTokens.subtitle":
    "令牌供本单位的软件（如地磅系统、ERP、主管部门的统计系统）调用 JSON 接口。每个令牌按创建时选定的角色行事。",
  "apiTokens.docs": "接口文档（OpenAPI）",
  "apiTokens.new": "新建令牌",
  "apiTokens.create": "创建令牌",
  "apiTokens.createdTitle": "令牌“{name}”已创建",
  "apiTokens.createdBody":
    "请立即复制并保存到要使用它的程序中：令牌只显示这一次。请求时以“Authorization: Bearer <令牌>”发送。",
  "apiTokens.secret": "API 令牌",
  "apiTokens.list": "本单位的令牌",
  "apiTokens.empty": "还没有 API 令牌",
  "apiTokens.emptyBody": "请为每个程序或设备各建一个令牌并选定所需角色，以便单独吊销。",
  "apiTokens.never": "从未使用",
  "apiTokens.revoke": "吊销",
  "apiTokens.revokeName": "吊销 {name}",
  "apiTokens.notFound": "该令牌不存在或属于其他单位。",
};
