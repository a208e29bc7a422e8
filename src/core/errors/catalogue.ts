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
  GROUP_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy nhóm này trong tổ chức, hoặc nhóm đã ngừng hoạt động. Hãy đồng bộ rồi chọn lại nhóm (hoặc nhờ quản lý mở lại nhóm).',
    en: 'This group is not in the organisation, or it is no longer active. Sync, then choose the group again (or ask a manager to reopen it).',
  },
  FACILITATOR_NOT_FOUND: {
    status: 422,
    vi: 'Một người điều phối không phải là nhân viên của tổ chức (hoặc tài khoản đã bị tắt). Hãy chọn lại người điều phối từ danh sách.',
    en: 'A facilitator is not one of the organisation’s staff (or their account was turned off). Choose the facilitators again from the list.',
  },
  GROUP_NAME_TAKEN: {
    status: 409,
    vi: 'Tổ chức đã có một nhóm đang hoạt động mang tên này. Hãy chọn tên khác.',
    en: 'This organisation already has an active group with this name. Choose another name.',
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
  // --- The train-the-trainer pathway (issue #7 §3): settings, observations, promotions. ---------------
  PATHWAY_PROMOTION_REFUSED: {
    status: 409,
    vi: 'Chưa thể chuyển bậc: {reasons}',
    en: 'This promotion cannot happen yet: {reasons}',
  },
  PATHWAY_ALREADY_AT_TOP: {
    status: 409,
    vi: 'Người này đã là giảng viên được chứng nhận, bậc cao nhất.',
    en: 'This person is already a certified trainer, the last stage.',
  },
  PATHWAY_NOT_FORWARD: {
    status: 409,
    vi: 'Chỉ có thể chuyển lên bậc tiếp theo, không chuyển xuống hay giữ nguyên.',
    en: 'A promotion moves to the next stage only, never back or to the same one.',
  },
  PATHWAY_SKIPS_A_STAGE: {
    status: 409,
    vi: 'Không được bỏ qua bậc: hãy chuyển lên bậc kế tiếp trước.',
    en: 'A stage cannot be skipped: promote to the next stage first.',
  },
  PATHWAY_APPROVER_NOT_ALLOWED: {
    status: 409,
    vi: 'Chỉ giảng viên được chứng nhận của tổ chức này hoặc của văn phòng điều phối mạng lưới, hoặc quản trị viên của tổ chức, mới được duyệt chuyển bậc.',
    en: 'Only a certified trainer of this organisation or of the network hub, or an administrator of the organisation, may approve a promotion.',
  },
  PATHWAY_SELF_APPROVAL: {
    status: 409,
    vi: 'Bạn không thể tự duyệt chuyển bậc cho chính mình; hãy nhờ một giảng viên được chứng nhận hoặc quản trị viên khác.',
    en: 'You cannot approve your own promotion; ask another certified trainer or administrator.',
  },
  PATHWAY_COURSE_MISSING: {
    status: 409,
    vi: 'Chưa hoàn thành khoá học "{course}" (cần chứng nhận còn hiệu lực, cấp theo điều kiện chứ không cấp bằng tay, do tổ chức này, tổ chức soạn khoá học hoặc văn phòng điều phối mạng lưới cấp).',
    en: 'The course "{course}" is not completed yet (a certificate is needed that is not revoked, was issued by the rule rather than by hand, and comes from this organisation, the course’s organisation or the network hub).',
  },
  PATHWAY_SESSIONS_MISSING: {
    status: 409,
    vi: 'Cần {required} buổi đồng điều phối; mới có {have}.',
    en: '{required} co-facilitated sessions are needed; there are {have} so far.',
  },
  PATHWAY_OBSERVATION_MISSING: {
    status: 409,
    vi: 'Cần một buổi được giảng viên được chứng nhận quan sát và chấm điểm trung bình từ {min} trở lên.',
    en: 'A session observed by a certified trainer, with a mean score of at least {min}, is needed.',
  },
  PATHWAY_OBSERVATION_TOO_LOW: {
    status: 409,
    vi: 'Buổi được quan sát tốt nhất có điểm trung bình {best}; cần từ {min} trở lên.',
    en: 'The best observed session has a mean score of {best}; at least {min} is needed.',
  },
  PATHWAY_STAGE_CHANGED: {
    status: 409,
    vi: 'Bậc của người này vừa được người khác thay đổi. Hãy tải lại trang để xem bậc hiện tại.',
    en: 'Someone else has just changed this person’s stage. Reload the page to see where they are now.',
  },
  PATHWAY_REQUIREMENTS_CHANGED: {
    status: 409,
    vi: 'Yêu cầu của lộ trình vừa được người khác lưu. Hãy tải lại trang, xem thay đổi rồi lưu lại.',
    en: 'Someone else has just saved the pathway’s requirements. Reload the page, look at their change, then save again.',
  },
  PATHWAY_COURSE_UNKNOWN: {
    status: 400,
    vi: 'Có khoá học đã chọn không còn trong mạng lưới. Hãy chọn lại từ danh sách.',
    en: 'A course you picked is no longer in the network. Pick again from the list.',
  },
  PATHWAY_COURSES_INVALID: {
    status: 400,
    vi: 'Danh sách khoá học chưa đúng: mỗi khoá chỉ chọn một lần, tối đa 50 khoá.',
    en: 'The list of courses is not right: pick each course once, at most 50.',
  },
  PATHWAY_SESSIONS_RANGE: {
    status: 400,
    vi: 'Số buổi đồng điều phối phải là số nguyên từ 0 đến 1000.',
    en: 'The number of co-facilitated sessions must be a whole number from 0 to 1000.',
  },
  PATHWAY_SCORE_RANGE: {
    status: 400,
    vi: 'Điểm trung bình tối thiểu phải từ 1 đến 5, theo thang của bảng tiêu chí.',
    en: 'The minimum mean score must be between 1 and 5, the rubric’s scale.',
  },
  PATHWAY_PERSON_NOT_FOUND: {
    status: 404,
    vi: 'Người này không có vai trò nào trong tổ chức, nên không có trong lộ trình của tổ chức.',
    en: 'This person holds no role in the organisation, so they are not on its pathway.',
  },
  PATHWAY_EVENT_NOT_FOUND: {
    status: 400,
    vi: 'Không tìm thấy sự kiện đã chọn (sự kiện của tổ chức, hoặc đã công bố). Hãy chọn lại.',
    en: 'The event picked was not found (one of the organisation’s, or a published one). Pick again.',
  },
  PATHWAY_GROUP_SESSION_NOT_FOUND: {
    status: 400,
    vi: 'Không tìm thấy buổi sinh hoạt nhóm đã chọn trong tổ chức. Hãy chọn lại.',
    en: 'The group session picked was not found in the organisation. Pick again.',
  },
  PATHWAY_OBSERVED_LATER: {
    status: 400,
    vi: 'Ngày quan sát không thể sau hôm nay. Hãy chọn ngày buổi đó đã diễn ra.',
    en: 'The day observed cannot be after today. Choose the day the session took place.',
  },
  PATHWAY_SELF_RECORD: {
    status: 400,
    vi: 'Bạn không thể tự ghi nhận cho chính mình; một giảng viên khác cần quan sát hoặc xác nhận.',
    en: 'You cannot record this for yourself; another trainer needs to observe or confirm it.',
  },
  PATHWAY_CO_FACILITATION_RECORDED: {
    status: 409,
    vi: 'Việc đồng điều phối sự kiện này của người này đã được ghi nhận rồi.',
    en: 'This person’s co-facilitation of this event is already recorded.',
  },
  // --- Events, public registration and check-in (issue #7 §2, src/server/events). -----------------------
  EVENT_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy sự kiện này (có thể nó chưa được công bố, hoặc thuộc tổ chức khác). Hãy mở lại danh sách sự kiện.',
    en: 'This event was not found (it may not be published yet, or belong to another organisation). Open the list of events again.',
  },
  EVENT_EDITED_ELSEWHERE: {
    status: 409,
    vi: 'Người khác vừa sửa sự kiện này. Hãy tải lại trang để xem bản mới nhất, rồi sửa lại.',
    en: 'Someone else has just changed this event. Reload the page to see the latest version, then make your change again.',
  },
  EVENT_CANCELLED: {
    status: 409,
    vi: 'Sự kiện này đã bị huỷ nên không thể sửa, đăng ký hay điểm danh nữa.',
    en: 'This event was cancelled, so it can no longer be changed, registered for or checked in to.',
  },
  EVENT_NOT_PUBLISHED: {
    status: 409,
    vi: 'Sự kiện này chưa được công bố. Hãy công bố sự kiện trước.',
    en: 'This event is not published yet. Publish it first.',
  },
  EVENT_OVER: {
    status: 409,
    vi: 'Sự kiện này đã kết thúc nên không nhận đăng ký nữa. Hãy xem các sự kiện sắp tới.',
    en: 'This event is over, so registration is closed. Look at the events coming up.',
  },
  EVENT_FULL: {
    status: 409,
    vi: 'Sự kiện đã hết chỗ. Hãy liên hệ ban tổ chức, hoặc chọn một sự kiện khác.',
    en: 'This event is full. Contact the organisers, or choose another event.',
  },
  EVENT_DAY_HAS_ATTENDANCE: {
    status: 409,
    vi: 'Ngày {day} đã có người điểm danh nên không thể bỏ khỏi sự kiện. Hãy giữ ngày này.',
    en: 'People were checked in on {day}, so that day cannot be removed from the event. Keep it.',
  },
  EVENT_PARTY_ORG_NOT_FOUND: {
    status: 400,
    vi: 'Một tổ chức được chọn làm đơn vị tổ chức hoặc đối tác không có trong mạng lưới. Hãy chọn lại, hoặc ghi là tổ chức ngoài mạng lưới.',
    en: 'An organisation chosen as organiser or partner is not in the network. Choose again, or enter it as an organisation outside the network.',
  },
  EVENT_REGISTRATION_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy đăng ký với mã này. Hãy kiểm tra lại mã trên trang xác nhận (dạng 7KQ2-M9XD).',
    en: 'No registration has this code. Check the code on the confirmation page (it looks like 7KQ2-M9XD).',
  },
  EVENT_USER_NOT_FOUND: {
    status: 404,
    vi: 'Không có tài khoản Fieldlab nào đang hoạt động với tên đăng nhập này. Hãy hỏi lại người đó tên đăng nhập của họ.',
    en: 'No active Fieldlab account has this username. Ask the person for their username again.',
  },
  CHECKIN_NOT_A_CODE: {
    status: 400,
    vi: 'Đây không phải mã đăng ký (mã có dạng 7KQ2-M9XD). Hãy quét lại hoặc gõ lại mã.',
    en: 'This is not a registration code (it looks like 7KQ2-M9XD). Scan or type the code again.',
  },
  CHECKIN_NOT_REGISTERED: {
    status: 404,
    vi: 'Không có đăng ký nào cho sự kiện này với mã đó. Hãy kiểm tra mã, hoặc đăng ký cho người này tại bàn.',
    en: 'No registration for this event has this code. Check the code, or register the person at the desk.',
  },
  CHECKIN_REGISTRATION_CANCELLED: {
    status: 409,
    vi: 'Đăng ký với mã này đã bị huỷ. Nếu người này vẫn tham dự, hãy đăng ký lại cho họ tại bàn.',
    en: 'The registration with this code was cancelled. If the person is taking part, register them again at the desk.',
  },
  CHECKIN_DAY_NOT_IN_EVENT: {
    status: 400,
    vi: 'Ngày {day} không phải là một ngày của sự kiện. Hãy chọn một ngày của sự kiện.',
    en: '{day} is not one of the event’s days. Choose one of the event’s days.',
  },
  PUBLIC_TOO_MANY_REQUESTS: {
    status: 429,
    vi: 'Có quá nhiều yêu cầu từ mạng này. Hãy thử lại sau {minutes} phút, hoặc đăng ký tại bàn của ban tổ chức.',
    en: 'Too many requests from this network. Try again in {minutes} minutes, or register at the organisers’ desk.',
  },
  // --- Courses, pre/post tests and certificates (issue #7 §2). ------------------------------------------
  COURSE_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy khoá học này. Hãy mở lại danh sách khoá học và chọn lại.',
    en: 'This course was not found. Open the list of courses again and choose it.',
  },
  COURSE_NOT_YOURS: {
    status: 403,
    vi: 'Khoá học này do tổ chức khác soạn: bạn có thể dùng nó cho sự kiện, nhưng chỉ tổ chức đó sửa được.',
    en: 'Another organisation wrote this course: you may teach it at your events, but only they can change it.',
  },
  COURSE_TEST_IN_USE: {
    status: 409,
    vi: 'Đã có người làm bài kiểm tra này, nên không sửa câu hỏi được nữa (điểm trước và sau phải so trên cùng một bài). Hãy tạo khoá học mới nếu cần bài khác.',
    en: 'People have already sat this test, so its questions can no longer change (pre and post scores must compare the same test). Make a new course if you need another test.',
  },
  EVENT_COURSE_LOCKED: {
    status: 409,
    vi: 'Học viên của sự kiện này đã làm bài kiểm tra hoặc đã được cấp chứng nhận, nên không đổi khoá học được nữa (kết quả phải so trên cùng một bài). Hãy tạo sự kiện mới nếu cần dạy khoá khác.',
    en: 'Participants of this event have already sat its test or hold certificates, so its course can no longer change (results must compare the same test). Make a new event to teach another course.',
  },
  TEST_EVENT_CANCELLED: {
    status: 409,
    vi: 'Sự kiện này đã bị huỷ nên không làm bài kiểm tra được nữa. Hãy liên hệ ban tổ chức.',
    en: 'This event was cancelled, so its test can no longer be taken. Contact the organisers.',
  },
  CERTIFICATE_EVENT_CANCELLED: {
    status: 409,
    vi: 'Sự kiện này đã bị huỷ nên không cấp chứng nhận được. Chứng nhận đã cấp vẫn có thể thu hồi.',
    en: 'This event was cancelled, so no certificates can be issued for it. Certificates already issued can still be revoked.',
  },
  COURSE_HAS_NO_TEST: {
    status: 409,
    vi: 'Khoá học của sự kiện này chưa có bài kiểm tra. Hãy hỏi giảng viên.',
    en: 'This event’s course has no test yet. Ask the trainer.',
  },
  TEST_CODE_NOT_FOUND: {
    status: 404,
    vi: 'Không có đăng ký nào với mã này. Hãy xem lại mã trên trang xác nhận đăng ký (dạng 7KQ2-M9XD).',
    en: 'No registration has this code. Check the code on your registration confirmation (it looks like 7KQ2-M9XD).',
  },
  TEST_ALREADY_TAKEN: {
    status: 409,
    vi: 'Bạn đã làm bài kiểm tra này rồi; mỗi bài chỉ làm một lần.',
    en: 'You have already sat this test; each test is taken once.',
  },
  TEST_PRE_AFTER_POST: {
    status: 409,
    vi: 'Bạn đã làm bài kiểm tra cuối khoá, nên không làm bài đầu khoá được nữa.',
    en: 'You have already sat the post-test, so the pre-test is closed.',
  },
  TEST_POST_NOT_OPEN: {
    status: 409,
    vi: 'Bài kiểm tra cuối khoá mở từ ngày đầu của sự kiện ({day}). Hãy quay lại khi đó.',
    en: 'The post-test opens on the event’s first day ({day}). Come back then.',
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    vi: 'Không có chứng nhận nào với mã này. Hãy so lại mã với chứng nhận.',
    en: 'No certificate has this code. Compare the code with the certificate again.',
  },
  CERTIFICATE_NOT_ISSUED: {
    status: 404,
    vi: 'Chưa có chứng nhận cho đăng ký này. Chứng nhận được cấp sau khoá học, khi bạn đủ điều kiện; hãy hỏi giảng viên.',
    en: 'No certificate has been issued for this registration yet. Certificates are issued after the course to those eligible; ask the trainer.',
  },
  CERTIFICATE_CODE_TYPO: {
    status: 400,
    vi: 'Mã này có vẻ bị gõ sai một ký tự (ký tự kiểm tra ở cuối không khớp). Hãy so lại từng ký tự với chứng nhận.',
    en: 'This code seems to have a typing slip (its last, check character does not match). Compare it with the certificate character by character.',
  },
  CERTIFICATE_NOT_A_CODE: {
    status: 400,
    vi: 'Đây không phải mã chứng nhận. Mã có dạng 7KQ2-M9XD-P (9 chữ và số).',
    en: 'This is not a certificate code. A code looks like 7KQ2-M9XD-P (9 letters and digits).',
  },
  CERTIFICATE_ALREADY_ISSUED: {
    status: 409,
    vi: 'Người này đã có chứng nhận cho sự kiện này. Thu hồi chứng nhận cũ trước nếu cần cấp lại.',
    en: 'This person already holds a certificate for this event. Revoke it first to issue another.',
  },
  CERTIFICATE_ALREADY_REVOKED: {
    status: 409,
    vi: 'Chứng nhận này đã bị thu hồi.',
    en: 'This certificate has already been revoked.',
  },
  COURSES_TOO_MANY_TRIES: {
    status: 429,
    vi: 'Có quá nhiều lần thử từ kết nối này. Hãy đợi {minutes} phút rồi thử lại.',
    en: 'Too many tries from this connection. Wait {minutes} minutes and try again.',
  },
  REGISTRATION_NOT_IN_EVENT: {
    status: 404,
    vi: 'Người này không có đăng ký (còn hiệu lực) cho sự kiện này. Hãy tải lại trang.',
    en: 'This person has no active registration for this event. Reload the page.',
  },
  // Exchange visits (issue #7 §4, src/core/visits, src/server/visits).
  VISIT_SITE_UNKNOWN: {
    status: 400,
    vi: 'Mục {item} của chương trình: địa điểm này không thuộc tổ chức của bạn. Hãy chọn một địa điểm trong danh sách.',
    en: 'Programme item {item}: this site is not one of your organisation’s. Choose a site from the list.',
  },
  VISIT_EDITED_ELSEWHERE: {
    status: 409,
    vi: 'Chuyến thăm này vừa được người khác sửa. Hãy mở lại trang để xem bản mới, rồi sửa lại nếu cần.',
    en: 'Someone else changed this visit just now. Open it again to see their version, then make your change again if needed.',
  },
  VISIT_STATUS_SAME: {
    status: 409,
    vi: 'Chuyến thăm đã ở trạng thái này rồi, không cần đổi. Có thể ai đó vừa đổi; hãy mở lại trang.',
    en: 'The visit already has this status; nothing to change. Someone may have just changed it: open the page again.',
  },
  VISIT_NOT_STARTED: {
    status: 409,
    vi: 'Chuyến thăm chưa bắt đầu nên chưa thể đánh dấu là đã diễn ra. Hãy làm việc này từ ngày đầu tiên của chuyến thăm, hoặc sửa lại ngày.',
    en: 'The visit has not begun, so it cannot be marked as done yet. Do this from its first day on, or correct its dates.',
  },
  VISIT_CANCELLED: {
    status: 409,
    vi: 'Chuyến thăm này đã bị huỷ. Nếu đoàn vẫn đến, hãy chuyển lại thành "Dự kiến" trước, rồi đánh dấu là đã diễn ra.',
    en: 'This visit was cancelled. If the group came after all, set it back to planned first, then mark it as done.',
  },
  VISIT_DONE_CANNOT_CANCEL: {
    status: 409,
    vi: 'Chuyến thăm đã diễn ra nên không thể huỷ. Nếu đánh dấu nhầm, hãy chuyển lại thành "Dự kiến" trước.',
    en: 'The visit took place, so it cannot be cancelled. If it was marked done by mistake, set it back to planned first.',
  },
  VISIT_HAS_FEEDBACK: {
    status: 409,
    vi: 'Chuyến thăm đã có phiếu góp ý nên vẫn phải là "Đã diễn ra". Phiếu góp ý chỉ có thể ghi cho chuyến thăm đã diễn ra.',
    en: 'The visit has feedback forms, so it stays done: feedback belongs to visits that took place.',
  },
  VISIT_NOT_DONE: {
    status: 409,
    vi: 'Chỉ ghi góp ý cho chuyến thăm đã diễn ra. Hãy đánh dấu chuyến thăm là đã diễn ra trước.',
    en: 'Feedback is recorded for visits that took place. Mark the visit as done first.',
  },
  VISIT_GROUP_FEEDBACK_TAKEN: {
    status: 409,
    vi: 'Chuyến thăm đã có phiếu góp ý chung của cả đoàn. Hãy ghi thêm phiếu cá nhân nếu từng người muốn góp ý.',
    en: 'This visit already has the group’s feedback. Add personal forms if individual visitors wish to give theirs.',
  },
  VISIT_FEEDBACK_FULL: {
    status: 409,
    vi: 'Đã có đủ {people} phiếu cá nhân, bằng số người trong đoàn. Có thể phiếu này đã được nhập rồi; hãy kiểm tra danh sách, hoặc sửa số người của chuyến thăm.',
    en: 'There are already {people} personal forms, as many as people in the group. This form may have been entered already: check the list, or correct the number of people.',
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
