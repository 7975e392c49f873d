import * as wording from "~/domain/notifications/wording";

/**
 * Alerts raised on trips and facilities, and the notifications that tell people about them.
 * `zh` is typed against `en`, so a key missing from either language fails the type check.
 */
export const en = {
  ...wording.en,
  "alerts.title": "Alerts",
  "alerts.subtitle": "Trucks in transit too long and loads far off their estimate.",
  "alerts.show": "Show",
  "alerts.open": "Open",
  "alerts.resolved": "Resolved",
  "alerts.count": "Alerts: {count}",
  "alerts.empty": "No alerts",
  "alerts.emptyBody":
    "An alert appears when a truck stays in transit too long or a load weighs far from its estimate.",

  "alert.unclosed_manifest": "Unclosed manifest",
  "alert.weight_discrepancy": "Weight discrepancy",
  "alert.unclosedDetail": "In transit for more than {hours} h",
  "alert.weightDetail": "Net {net} is {percent}% off the estimate {estimated} (limit {threshold}%)",
  "alert.raisedAt": "Raised {at}",
  "alert.resolvedAt": "Resolved {at}",

  "notifications.title": "Notifications",
  "notifications.markAllRead": "Mark all read",
  "notifications.unread": "Unread",
  "notifications.empty": "No notifications",
  "notifications.emptyBody":
    "Claims, trucks, receipts and alerts that concern your organisation appear here.",

  "alerts.tabApprovals": "Approvals",
  "alerts.tabUsage": "Usage rule",
  "alerts.tabListings": "Expired listings",
  "alerts.kind": "Alert",
  "alerts.detail": "Detail",
  "alerts.raisedOn": "Raised",
  "alerts.resolvedOn": "Resolved",
  "alerts.viewApprovals": "Disposal approvals",
  "alerts.viewUsage": "Government projects below the usage rule",
  "alerts.viewListings": "Listings expired with nothing moved",
  "alerts.viewTrips": "Trips",
  "alerts.daysLeft": "Days left",
  "alerts.target": "Target",
  "alerts.missing": "Still needed",
  "alerts.listingNo": "Listing",
  "alerts.availableUntil": "Available until",
  "alerts.expiredOn": "Expired",
  "alerts.subtitleDepartment":
    "In your jurisdiction: trucks in transit too long, loads far off their estimate, disposal approvals running out, government projects below the usage rule and listings that expired with nothing moved.",
  "alerts.views": "Kinds of alert",
  "alerts.raise": "Raise rectification item",
  "alerts.raiseAgainstProducer": "Raise item: producer",
  "alerts.raiseAgainstRecycler": "Raise item: recycler",
  "alerts.approvalsHint":
    "Facilities whose disposal approval has expired or expires within 30 days.",
  "alerts.approvalsEmpty": "No disposal approval is expired or about to expire.",
  "alerts.approvalExpired": "Approval {approvalNo} expired on {date}, {days} days ago.",
  "alerts.approvalExpiring": "Approval {approvalNo} expires on {date}, in {days} days.",
  "alerts.problemApproval":
    "Disposal approval {approvalNo} of {facility} is valid until {date}: renew it, and receive no waste without a valid approval.",
  "alerts.usageHint":
    "Government-invested projects must use recycled products for at least {target}% of each material class they report.",
  "alerts.usageEmpty": "Every government-invested project that reported meets the rule.",
  "alerts.usageBelow": "Below {target}%: {classes}",
  "alerts.problemUsage":
    "{project} uses recycled products below the {target}% rule for government-invested projects: {classes}.",
  "alerts.listingsHint": "Listings whose availability window ended without a single load received.",
  "alerts.listingsEmpty": "No listing expired with nothing moved.",
  "alerts.listingExpired": "Available until {until}; expired {at} with nothing received.",
  "alerts.problemListing":
    "Listing {id} of {project} ({quantity}) expired on {until} with nothing moved: declare where the waste went.",
} as const;

export const zh: Record<keyof typeof en, string> = {
  ...wording.zh,
  "alerts.title": "预警",
  "alerts.subtitle": "在途超时的车辆和净重与预估偏差过大的车次。",
  "alerts.show": "显示",
  "alerts.open": "未解除",
  "alerts.resolved": "已解除",
  "alerts.count": "共 {count} 条预警",
  "alerts.empty": "暂无预警",
  "alerts.emptyBody": "车辆在途超时或净重与预估偏差过大时，会在这里出现预警。",

  "alert.unclosed_manifest": "联单未闭合",
  "alert.weight_discrepancy": "重量偏差",
  "alert.unclosedDetail": "在途已超过 {hours} 小时",
  "alert.weightDetail": "净重 {net} 与预估 {estimated} 相差 {percent}%（限值 {threshold}%）",
  "alert.raisedAt": "发现于 {at}",
  "alert.resolvedAt": "解除于 {at}",

  "notifications.title": "通知",
  "notifications.markAllRead": "全部标为已读",
  "notifications.unread": "未读",
  "notifications.empty": "暂无通知",
  "notifications.emptyBody": "与贵单位相关的认领、派车、接收和预警会显示在这里。",

  "alerts.tabApprovals": "处置核准",
  "alerts.tabUsage": "使用比例",
  "alerts.tabListings": "过期挂牌",
  "alerts.kind": "预警类型",
  "alerts.detail": "详情",
  "alerts.raisedOn": "预警时间",
  "alerts.resolvedOn": "解除时间",
  "alerts.viewApprovals": "处置核准",
  "alerts.viewUsage": "政府投资项目使用比例不达标",
  "alerts.viewListings": "挂牌过期未清运",
  "alerts.viewTrips": "车次预警",
  "alerts.daysLeft": "剩余天数",
  "alerts.target": "目标",
  "alerts.missing": "尚差",
  "alerts.listingNo": "挂牌编号",
  "alerts.availableUntil": "挂牌截止",
  "alerts.expiredOn": "过期时间",
  "alerts.subtitleDepartment":
    "辖区内：在途超时的车辆、净重偏差过大的车次、即将到期或已过期的处置核准、再生产品使用比例不达标的政府投资项目，以及过期未清运的挂牌。",
  "alerts.views": "预警类别",
  "alerts.raise": "下发整改",
  "alerts.raiseAgainstProducer": "下发整改：产生单位",
  "alerts.raiseAgainstRecycler": "下发整改：接收单位",
  "alerts.approvalsHint": "处置核准已过期或 30 天内到期的设施。",
  "alerts.approvalsEmpty": "没有已过期或即将到期的处置核准。",
  "alerts.approvalExpired": "处置核准 {approvalNo} 已于 {date} 过期（{days} 天前）。",
  "alerts.approvalExpiring": "处置核准 {approvalNo} 将于 {date} 到期（还有 {days} 天）。",
  "alerts.problemApproval":
    "{facility} 的处置核准 {approvalNo} 有效期至 {date}：请及时办理延续，核准失效期间不得接收建筑垃圾。",
  "alerts.usageHint": "政府投资项目每类建材的再生产品使用比例不得低于 {target}%。",
  "alerts.usageEmpty": "已填报的政府投资项目均达标。",
  "alerts.usageBelow": "低于 {target}%：{classes}",
  "alerts.problemUsage": "{project} 再生产品使用比例低于政府投资项目 {target}% 的要求：{classes}。",
  "alerts.listingsHint": "挂牌期满而没有任何车次被接收的挂牌。",
  "alerts.listingsEmpty": "没有过期未清运的挂牌。",
  "alerts.listingExpired": "挂牌截止 {until}；{at} 过期，无任何接收。",
  "alerts.problemListing":
    "{project} 的挂牌 {id}（{quantity}）于 {until} 过期且未清运：请申报该批建筑垃圾的去向。",
};
