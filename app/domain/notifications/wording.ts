/**
 * What each notification says, in both languages: the notification centre shows it and its email
 * carries it. The words live with the notifications because the email is written in the
 * transaction that records the notification; the web layer's dictionaries take them from here.
 */
export const en = {
  "notification.claim_requested": "{recycler} claimed {quantity} of your listing #{listing}",
  "notification.claim_accepted": "{producer} accepted your claim #{order}",
  "notification.claim_declined": "{producer} declined your claim #{order}",
  "notification.claim_cancelled": "{by} cancelled order #{order}",
  "notification.manifest_dispatched": "Truck {plate} is on its way with manifest {manifestNo}",
  "notification.manifest_received": "Manifest {manifestNo} received: {net} net",
  "notification.manifest_rejected": "Manifest {manifestNo} was rejected at the gate: {reason}",
  "notification.manifest_voided": "Manifest {manifestNo} was voided: {reason}",
  "notification.alert_unclosed_manifest":
    "Manifest {manifestNo} has been in transit for more than {hours} hours",
  "notification.alert_weight_discrepancy":
    "Manifest {manifestNo}: net {net} is {percent}% off the estimate {estimated}",
  "notification.feedstock_match": "New listing near {facility}: {quantity} of {material}",
  "notification.definitions_changed":
    "The provincial department changed the definitions behind the figures, from {month}",
  "notification.rectification_raised":
    "Rectification item No. {id} raised against your organisation, deadline {deadline}",
  "notification.rectification_responded": "Rectification item No. {id} has a response to verify",
  "notification.rectification_closed": "Rectification item No. {id} was verified and closed (销号)",
  "notification.rectification_reopened":
    "Rectification item No. {id} was reopened: see the department's note",
  "notification.month_published":
    "The provincial department published the figures for {month} (version {version}), your jurisdiction's included",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "notification.claim_requested": "{recycler} 认领了您的挂牌 #{listing}：{quantity}",
  "notification.claim_accepted": "{producer} 接受了您的认领 #{order}",
  "notification.claim_declined": "{producer} 拒绝了您的认领 #{order}",
  "notification.claim_cancelled": "{by} 取消了订单 #{order}",
  "notification.manifest_dispatched": "车辆 {plate} 已出发，联单 {manifestNo}",
  "notification.manifest_received": "联单 {manifestNo} 已接收：净重 {net}",
  "notification.manifest_rejected": "联单 {manifestNo} 被拒收：{reason}",
  "notification.manifest_voided": "联单 {manifestNo} 已作废：{reason}",
  "notification.alert_unclosed_manifest": "联单 {manifestNo} 在途已超过 {hours} 小时",
  "notification.alert_weight_discrepancy":
    "联单 {manifestNo}：净重 {net} 与预估 {estimated} 相差 {percent}%",
  "notification.feedstock_match": "{facility} 附近有新挂牌：{material} {quantity}",
  "notification.definitions_changed": "省级主管部门调整了统计口径，自 {month} 起生效",
  "notification.rectification_raised":
    "主管部门向本单位下发第 {id} 号整改事项，整改期限 {deadline}",
  "notification.rectification_responded": "第 {id} 号整改事项已反馈，待核查",
  "notification.rectification_closed": "第 {id} 号整改事项已核查销号",
  "notification.rectification_reopened": "第 {id} 号整改事项被退回重改，请查看核查意见",
  "notification.month_published":
    "省级主管部门发布了 {month} 的月度数据（第 {version} 版），含本辖区数据",
};

export const notificationKinds = [
  "claim_requested",
  "claim_accepted",
  "claim_declined",
  "claim_cancelled",
  "manifest_dispatched",
  "manifest_received",
  "manifest_rejected",
  "manifest_voided",
  "alert_unclosed_manifest",
  "alert_weight_discrepancy",
  "feedstock_match",
  "definitions_changed",
  "month_published",
  "rectification_raised",
  "rectification_responded",
  "rectification_closed",
  "rectification_reopened",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** A notification's words in one language, its `{name}` placeholders filled from its parameters. */
export function notificationText(
  locale: "en" | "zh",
  kind: NotificationKind,
  params: Record<string, string | number>,
): string {
  const template: string = (locale === "zh" ? zh : en)[`notification.${kind}`];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
