/**
 * Every error the API can answer with: a stable code, its HTTP status, and a message a person can
 * act on, in Vietnamese and English. Routes return these as values (see `Outcome`); one mapping turns
 * them into responses. Messages never carry personal data: the only parameters are field names,
 * limits and waiting times.
 */
import { REFERRAL_RULE_ERRORS } from '../referrals/lifecycle.ts';

export interface ErrorEntry {
  status: number;
  vi: string;
  en: string;
}

export const ERRORS = {
  BAD_REQUEST: { status: 400, vi: 'Yêu cầu không hợp lệ: {detail}', en: 'The request is not valid: {detail}' },
  INVALID_JSON: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ. Hãy kiểm tra lại dữ liệu.',
    en: 'The request body is not valid JSON. Check the data and try again.',
  },
  VALIDATION: {
    status: 400,
    vi: 'Thông tin chưa đúng ở trường "{field}": {detail}',
    en: 'Please check the field "{field}": {detail}',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Chỉ nhận dữ liệu dạng application/json.',
    en: 'Only application/json request bodies are accepted.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    vi: 'Dữ liệu gửi lên quá lớn (giới hạn {limit}). Hãy gửi ít hơn mỗi lần.',
    en: 'The request is too large (limit {limit}). Send less at a time.',
  },
  NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy mục này (có thể nó không tồn tại, hoặc bạn không có quyền xem).',
    en: 'This item was not found (it may not exist, or you may not be allowed to see it).',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    vi: 'Không có địa chỉ {method} {url} trong API. Xem danh sách tại /api/docs.',
    en: 'There is no {method} {url} in the API. See /api/docs for the list.',
  },
  METHOD_NOT_ALLOWED: { status: 405, vi: 'Phương thức này không được hỗ trợ.', en: 'This method is not supported.' },
  UNAUTHENTICATED: {
    status: 401,
    vi: 'Bạn cần đăng nhập (hoặc phiên đăng nhập đã hết hạn).',
    en: 'Please log in (or your session has expired).',
  },
  FORBIDDEN: {
    status: 403,
    vi: 'Tài khoản của bạn không có quyền làm việc này.',
    en: 'Your account is not allowed to do this.',
  },
  FOREIGN_ORIGIN: {
    status: 403,
    vi: 'Yêu cầu đến từ một trang web khác nên bị từ chối.',
    en: 'The request came from another website and was refused.',
  },
  LOGIN_FAILED: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The username or password is not correct.',
  },
  TOTP_REQUIRED: {
    status: 401,
    vi: 'Hãy nhập mã 6 số từ ứng dụng xác thực của bạn.',
    en: 'Enter the 6-digit code from your authenticator app.',
  },
  TOTP_INVALID: {
    status: 401,
    vi: 'Mã xác thực không đúng hoặc đã dùng. Hãy chờ mã mới rồi thử lại.',
    en: 'The code is wrong or was already used. Wait for a new code and try again.',
  },
  TOTP_SETUP_REQUIRED: {
    status: 403,
    vi: 'Quản trị viên cần bật xác thực hai bước trước khi làm việc quản trị. Vào "Tài khoản" để bật.',
    en: 'Administrators must turn on two-factor authentication before doing admin work. Open "Account" to turn it on.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.',
    en: 'Too many failed logins. Try again in {minutes} minutes.',
  },
  ACCOUNT_INACTIVE: {
    status: 403,
    vi: 'Tài khoản này đã bị vô hiệu hoá. Hãy liên hệ quản trị viên của tổ chức.',
    en: 'This account has been deactivated. Contact your organisation’s administrator.',
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    vi: 'Mật khẩu cần ít nhất {min} ký tự.',
    en: 'The password needs at least {min} characters.',
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    vi: 'Mật khẩu dài quá {max} ký tự.',
    en: 'The password is longer than {max} characters.',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    vi: 'Mật khẩu quá dễ đoán. Hãy dùng một câu ngắn gồm vài từ không liên quan.',
    en: 'The password is too easy to guess. Use a short phrase of several unrelated words.',
  },
  PASSWORD_WRONG: {
    status: 400,
    vi: 'Mật khẩu hiện tại không đúng.',
    en: 'The current password is not correct.',
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
    en: 'The new password must differ from the current one.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    vi: 'Bạn đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu mới của riêng bạn trước khi tiếp tục.',
    en: 'You are using a temporary password. Choose a new password of your own before you continue.',
  },
  SETUP_DONE: {
    status: 409,
    vi: 'Hệ thống đã được thiết lập. Hãy đăng nhập.',
    en: 'Fieldlab is already set up. Please log in.',
  },
  USERNAME_TAKEN: {
    status: 409,
    vi: 'Tên đăng nhập "{username}" đã có người dùng. Hãy chọn tên khác.',
    en: 'The username "{username}" is taken. Choose another.',
  },
  ORGANISATION_NAME_TAKEN: {
    status: 409,
    vi: 'Đã có một tổ chức mang tên này. Hãy chọn tên khác.',
    en: 'An organisation with this name already exists. Choose another name.',
  },
  SITE_NAME_TAKEN: {
    status: 409,
    vi: 'Tổ chức đã có một địa điểm mang tên này. Hãy chọn tên khác.',
    en: 'This organisation already has a site with this name. Choose another name.',
  },
  LAST_ADMIN: {
    status: 422,
    vi: 'Không thể bỏ quyền quản trị của quản trị viên cuối cùng. Hãy thêm một quản trị viên khác trước.',
    en: 'The last administrator cannot lose that role. Add another administrator first.',
  },
  LAST_HUB: {
    status: 422,
    vi: 'Đây là đơn vị điều phối duy nhất của mạng lưới; nếu tắt hoặc đổi loại thì không ai quản trị được mạng lưới. Hãy tạo một đơn vị điều phối khác trước.',
    en: 'This is the network’s only hub; deactivating it or changing its kind would leave no one to govern the network. Create another hub first.',
  },
  NOT_ALL_ORGS: {
    status: 403,
    vi: 'Người này còn làm việc ở tổ chức khác mà bạn không quản trị, nên bạn không thể làm việc này.',
    en: 'This person also works in an organisation you do not administer, so you cannot do this.',
  },
  TOTP_NOT_PENDING: {
    status: 409,
    vi: 'Chưa bắt đầu đăng ký xác thực hai bước. Hãy bấm "Bật xác thực hai bước" trước.',
    en: 'Two-factor enrolment has not been started. Press "Turn on two-factor" first.',
  },
  SYNC_BATCH_TOO_LARGE: {
    status: 413,
    vi: 'Lần đồng bộ này gửi quá nhiều thay đổi (tối đa {limit} mỗi lần). Ứng dụng sẽ chia nhỏ và gửi lại.',
    en: 'This sync sends too many changes at once (at most {limit}). The app will split them and send again.',
  },
  DEVICE_NOT_YOURS: {
    status: 403,
    vi: 'Thiết bị này đã được đăng ký cho một người dùng hoặc tổ chức khác. Hãy xoá dữ liệu trên máy rồi đăng nhập lại.',
    en: 'This device is registered to another user or organisation. Wipe the device’s data and log in again.',
  },
  CATALOGUE_NAME_TAKEN: {
    status: 409,
    vi: 'Danh mục đã có một mục cùng tên. Hãy chọn tên khác hoặc sửa mục có sẵn.',
    en: 'The catalogue already has an item with this name. Choose another name or edit the existing item.',
  },
  MUTATION_UNKNOWN: {
    status: 422,
    vi: 'Máy chủ không hiểu loại thay đổi này. Hãy cập nhật ứng dụng hoặc báo cho quản trị viên.',
    en: 'The server does not know this kind of change. Update the app or tell your administrator.',
  },
  MUTATION_SCHEMA_TOO_NEW: {
    status: 422,
    vi: 'Thay đổi này được tạo bởi phiên bản ứng dụng mới hơn máy chủ. Hãy báo quản trị viên cập nhật máy chủ.',
    en: 'This change was made by a newer app than the server. Ask your administrator to update the server.',
  },
  MUTATION_INVALID: {
    status: 422,
    vi: 'Thông tin chưa đúng ở trường "{field}". Hãy sửa rồi gửi lại.',
    en: 'Please check the field "{field}", then send again.',
  },
  MUTATION_FORBIDDEN: {
    status: 422,
    vi: 'Vai trò của bạn ở tổ chức này không được phép ghi thông tin này.',
    en: 'Your role in this organisation does not allow recording this.',
  },
  CLIENT_NOT_FOUND: {
    status: 422,
    vi: 'Không tìm thấy khách hàng này trong tổ chức. Hãy đăng ký khách hàng trước rồi ghi lại lần gặp.',
    en: 'This client is not registered in the organisation. Register the client first, then record the contact.',
  },
  SITE_NOT_FOUND: {
    status: 422,
    vi: 'Địa điểm này không còn hoạt động hoặc không thuộc tổ chức. Hãy chọn địa điểm khác.',
    en: 'This site is not active or not part of the organisation. Choose another site.',
  },
  ITEM_NOT_FOUND: {
    status: 422,
    vi: 'Một vật phẩm hoặc tài liệu không có trong danh mục của tổ chức. Hãy chọn lại từ danh mục.',
    en: 'An item or material is not in the organisation’s catalogue. Choose again from the catalogue.',
  },
  UIC_INVALID: {
    status: 422,
    vi: 'Mã định danh (UIC) không đúng dạng. Hãy hỏi lại các câu để tạo mã.',
    en: 'The identifier code (UIC) does not have the right shape. Ask the questions again to build it.',
  },
  CONTACT_TIME_INVALID: {
    status: 422,
    vi: 'Thời gian của lần gặp không hợp lý (ở tương lai hoặc quá xa). Hãy kiểm tra ngày giờ trên điện thoại.',
    en: 'The time of the contact is not plausible (in the future or too long ago). Check the phone’s date and time.',
  },
  ALREADY_RECORDED: {
    status: 422,
    vi: 'Thông tin này đã được ghi trước đó, không ghi lại lần nữa.',
    en: 'This was already recorded; it was not recorded twice.',
  },
  EPISODE_NOT_FOUND: {
    status: 422,
    vi: 'Không tìm thấy lần xử trí khủng hoảng này trong tổ chức (có thể việc mở nó đã bị từ chối). Hãy mở lại lần xử trí rồi gửi lại.',
    en: 'This crisis episode is not in the organisation (its opening may have been refused). Open the episode again, then send again.',
  },
  EPISODE_ALREADY_CLOSED: {
    status: 422,
    vi: 'Lần xử trí khủng hoảng này đã được đóng trước đó (có thể bởi đồng nghiệp). Kết quả đã ghi được giữ nguyên; hãy xem lại sau khi đồng bộ.',
    en: 'This crisis episode was already closed (perhaps by a colleague). The recorded outcome is kept; look at it after syncing.',
  },
  PROVIDER_NOT_FOUND: {
    status: 422,
    vi: 'Nơi nhận giới thiệu này không có trong danh bạ hoặc đã ngừng nhận. Hãy chọn nơi khác trong danh bạ rồi gửi lại.',
    en: 'This provider is not in the directory or no longer takes referrals. Choose another provider from the directory, then send again.',
  },
  REFERRAL_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy giới thiệu này (có thể việc tạo nó đã bị từ chối, hoặc nó không thuộc tổ chức của bạn). Hãy kiểm tra mục "Cần xử lý" rồi gửi lại.',
    en: 'This referral was not found (its creation may have been refused, or it belongs to another organisation). Check "Needs attention", then send again.',
  },
  ...REFERRAL_RULE_ERRORS,
  REFERRAL_EVENT_NOT_YOURS: {
    status: 403,
    vi: 'Bước này do nơi nhận ghi trên Fieldlab (họ dùng Fieldlab). Hãy chờ họ cập nhật, hoặc ghi việc khách đã đến, không đến hay hoàn tất.',
    en: 'This step is recorded by the provider itself in Fieldlab (it uses Fieldlab). Wait for its update, or record that the person attended, did not come, or completed.',
  },
  SHARE_NOT_CONSENTED: {
    status: 422,
    vi: 'Khách hàng chưa đồng ý chia sẻ thông tin khi giới thiệu. Hãy chỉ gửi mã giới thiệu, hoặc hỏi và ghi sự đồng ý trước rồi gửi lại.',
    en: 'The client has not agreed to share information with referrals. Send the referral code only, or ask for and record consent first, then send again.',
  },
  REFERRAL_CODE_TAKEN: {
    status: 409,
    vi: 'Mã giới thiệu này đã được dùng. Hãy tạo lại giới thiệu để có mã mới (không in phiếu với mã cũ).',
    en: 'This referral code is already in use. Make the referral again to get a new code (do not print a slip with the old one).',
  },
  CONTACT_NOT_FOUND: {
    status: 422,
    vi: 'Không tìm thấy lần gặp mà giới thiệu này dựa vào (có thể việc ghi nó đã bị từ chối). Hãy sửa lần gặp trước rồi gửi lại.',
    en: 'The contact this referral was made from is not in the organisation (its recording may have been refused). Fix the contact first, then send again.',
  },
  PROVIDER_ORG_NOT_FOUND: {
    status: 400,
    vi: 'Tổ chức được chọn cho nơi nhận này không có trong mạng lưới. Hãy chọn lại, hoặc để trống nếu nơi này không dùng Fieldlab.',
    en: 'The organisation chosen for this provider is not in the network. Choose again, or leave it empty if the provider does not use Fieldlab.',
  },
  GUIDANCE_PRESENTATION_UNKNOWN: {
    status: 404,
    vi: 'Không có hướng dẫn cho tình huống "{presentation}". Hãy chọn một tình huống trong danh sách.',
    en: 'There is no guidance for the presentation "{presentation}". Choose one from the list.',
  },
  GUIDANCE_STEP_UNKNOWN: {
    status: 400,
    vi: 'Bước "{id}" không có trong hướng dẫn gốc của tình huống này. Chỉ sửa lời của các bước có sẵn.',
    en: 'The step "{id}" is not in this presentation’s guidance. Only the wording of existing steps can be changed.',
  },
  REPORT_SCOPE_FORBIDDEN: {
    status: 403,
    vi: 'Bạn chỉ xem được số liệu của tổ chức mình quản lý hoặc đánh giá. Hãy chọn một phạm vi trong danh sách của bạn.',
    en: 'You can only see the figures of the organisations you manage or evaluate. Choose a scope from your list.',
  },
  REPORT_SPLIT_UNSUPPORTED: {
    status: 400,
    vi: 'Chỉ số này không thể chia theo cách đó. Hãy chọn cách chia khác (tối đa hai cách, mỗi cách một lần).',
    en: 'This indicator cannot be split that way. Choose another split (at most two, each once).',
  },
  REPORT_TOO_MANY_PERIODS: {
    status: 400,
    vi: 'Khoảng thời gian có {count} kỳ, nhiều hơn giới hạn {limit}. Hãy chọn khoảng ngắn hơn hoặc theo quý hay năm.',
    en: 'The range covers {count} periods, more than the limit of {limit}. Choose a shorter range, or quarters or years.',
  },
  INDICATOR_NOT_READY: {
    status: 404,
    vi: 'Chỉ số "{indicator}" chưa được tính trên máy chủ này.',
    en: 'The indicator "{indicator}" is not computed on this server yet.',
  },
  RESEARCH_SCOPE_FORBIDDEN: {
    status: 403,
    vi: 'Bạn không được xem dữ liệu đánh giá của phạm vi này. Hãy chọn mạng lưới hoặc tổ chức mà bạn được giao đánh giá (hoặc quản lý, với kết quả).',
    en: 'You may not see evaluation data for this scope. Choose the network or an organisation you were asked to evaluate (or manage, for outcomes).',
  },
  RESEARCH_RANGE_INVALID: {
    status: 400,
    vi: 'Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, và dài tối đa {maxYears} năm. Hãy chọn khoảng ngắn hơn.',
    en: 'The period is not valid: it must start before it ends and span at most {maxYears} years. Choose a shorter period.',
  },
  DHIS2_HUB_ONLY: {
    status: 403,
    vi: 'DHIS2 chỉ được cấu hình và gửi từ đơn vị điều phối của mạng lưới. Hãy mở trang DHIS2 của đơn vị điều phối.',
    en: 'DHIS2 is configured and sent from the network hub only. Open the DHIS2 page of the hub organisation.',
  },
  DHIS2_NOT_CONFIGURED: {
    status: 409,
    vi: 'Chưa có đủ cấu hình DHIS2: cần lưu địa chỉ máy chủ, tên đăng nhập và mật khẩu, cùng ít nhất một dòng ghép chỉ số và một dòng đơn vị. Hãy điền rồi lưu trước.',
    en: 'DHIS2 is not fully configured: save the server address, username and password, and at least one indicator row and one org unit row first.',
  },
  DHIS2_PASSWORD_REQUIRED: {
    status: 400,
    vi: 'Địa chỉ máy chủ DHIS2 đã đổi: hãy nhập lại mật khẩu, để mật khẩu cũ không bị gửi tới một máy chủ khác.',
    en: 'The DHIS2 server address changed: enter the password again, so the old one is never sent to another server.',
  },
  DHIS2_PLACE_UNKNOWN: {
    status: 400,
    vi: 'Dòng đơn vị {row}: tổ chức hoặc địa điểm này không có trong mạng lưới (hoặc địa điểm không thuộc tổ chức đó). Hãy chọn lại.',
    en: 'Org unit row {row}: this organisation or site is not in the network (or the site belongs to another organisation). Choose again.',
  },
  DHIS2_PERIOD_KIND: {
    status: 400,
    vi: 'Cấu hình DHIS2 báo cáo theo kỳ dạng {example}; hãy chọn một kỳ như vậy (hoặc đổi loại kỳ trong cấu hình).',
    en: 'The DHIS2 mapping reports by periods like {example}; choose such a period (or change the period type in the settings).',
  },
  DHIS2_DRY_RUN_FIRST: {
    status: 409,
    vi: 'Hãy chạy thử (dry run) kỳ {period} với cấu hình hiện tại và được kết quả thành công trước khi gửi thật: DHIS2 sẽ giữ số liệu đã gửi, nên cần thấy trước nó sẽ nhận gì.',
    en: 'Run a dry run of {period} with the current settings, and get a success, before the real send: DHIS2 keeps what it receives, so see first what it would do.',
  },
  LINE_LIST_RANGE_TOO_LONG: {
    status: 400,
    vi: 'Một danh sách chỉ lấy tối đa {maxDays} ngày. Hãy chọn khoảng ngắn hơn, rồi tải từng phần nếu cần.',
    en: 'A line list covers at most {maxDays} days. Choose a shorter range, and download it in parts if needed.',
  },
  FHIR_RANGE_INVALID: {
    status: 400,
    vi: 'Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc, và dài tối đa {maxDays} ngày. Hãy chọn khoảng ngắn hơn.',
    en: 'The period is not valid: it must not start after it ends, and may span at most {maxDays} days. Choose a shorter period.',
  },
  FHIR_TOO_MANY_CLIENTS: {
    status: 400,
    vi: 'Khoảng thời gian này có {count} khách hàng, nhiều hơn giới hạn {limit} cho một lần xuất FHIR. Hãy chọn khoảng ngắn hơn và xuất nhiều lần.',
    en: 'This period has {count} clients, more than the limit of {limit} for one FHIR export. Choose a shorter period and export in parts.',
  },
  INTERNAL: {
    status: 500,
    vi: 'Có lỗi ở máy chủ. Dữ liệu của bạn chưa được lưu; hãy thử lại sau ít phút.',
    en: 'Something went wrong on the server. Nothing was saved; please try again in a few minutes.',
  },
  UNAVAILABLE: {
    status: 503,
    vi: 'Máy chủ đang tắt để bảo trì. Hãy thử lại sau ít phút.',
    en: 'The server is shutting down for maintenance. Try again in a few minutes.',
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'vi' | 'en';

export function renderError(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  const template: string = ERRORS[code][lang];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
