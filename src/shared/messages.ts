// Error codes with their Vietnamese and English text. The server sends both; the web shows the
// one of the current language. `{{name}}` is replaced by the error's params.
export const ERROR_MESSAGES = {
  VALIDATION: { vi: 'Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.', en: 'Some fields are invalid; please check the marked fields.' },
  INVALID_JSON: { vi: 'Dữ liệu gửi lên không đúng định dạng JSON.', en: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { vi: 'Bạn cần đăng nhập để tiếp tục.', en: 'Please sign in to continue.' },
  INVALID_CREDENTIALS: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  ACCOUNT_INACTIVE: { vi: 'Tài khoản đã bị khóa. Liên hệ quản trị hệ thống.', en: 'This account is deactivated. Contact the administrator.' },
  TOO_MANY_ATTEMPTS: { vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {{minutes}} phút.', en: 'Too many failed sign-ins. Try again in {{minutes}} min.' },
  TOO_MANY_ATTEMPTS_ACCOUNT: { vi: 'Tài khoản này vừa bị đăng nhập sai nhiều lần. Để bảo vệ tài khoản, máy tính chưa từng đăng nhập thành công cần chờ {{minutes}} phút; máy tính bạn thường dùng vẫn đăng nhập được ngay.', en: 'This account has just had many failed sign-ins. To protect it, browsers that never signed in successfully must wait {{minutes}} min; the computer you usually use can still sign in now.' },
  PASSWORD_CHANGE_REQUIRED: { vi: 'Bạn đang dùng mật khẩu được cấp một lần. Hãy đổi mật khẩu trước khi sử dụng hệ thống.', en: 'You signed in with a one-time password. Change your password before using the system.' },
  WRONG_PASSWORD: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  CROSS_ORIGIN_REQUEST: { vi: 'Yêu cầu bị từ chối vì được gửi từ một trang web khác, không phải từ VanPhong. Hãy mở VanPhong trực tiếp (gõ địa chỉ hoặc dùng dấu trang) rồi thực hiện lại.', en: 'Request refused: it was sent from another website, not from VanPhong. Open VanPhong directly (type its address or use a bookmark) and try again.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  ONLY_CLERK_REGISTERS: { vi: 'Chỉ văn thư được đăng ký văn bản đến.', en: 'Only a clerk can register incoming documents.' },
  ONLY_CLERK_EDITS: { vi: 'Chỉ văn thư được sửa thông tin và tệp của văn bản đến.', en: 'Only a clerk can correct an incoming document.' },
  ONLY_CLERK_SUBMITS: { vi: 'Chỉ văn thư được trình văn bản.', en: 'Only a clerk can submit documents.' },
  NOT_SUBMITTED_TO_YOU: { vi: 'Văn bản đang được trình lãnh đạo khác; chỉ người được trình mới phân công hoặc trả lại.', en: 'The document was submitted to another leader; only that leader may assign or return it.' },
  NOT_CONFIRMER: { vi: 'Chỉ người đã giao việc mới xác nhận hoặc trả lại kết quả này.', en: 'Only the one who passed this work on may confirm or refuse its result.' },
  NOT_AWAITING_CONFIRMATION: { vi: 'Kết quả này không ở trạng thái chờ xác nhận (có thể đã được xác nhận hoặc trả lại).', en: 'This result is not waiting for confirmation (it may already have been confirmed or refused).' },
  ONLY_LEADER_ASSIGNS: { vi: 'Chỉ lãnh đạo cơ quan được phân công xử lý lần đầu.', en: 'Only an agency leader can make the first assignment.' },
  NOT_ASSIGNMENT_HOLDER: { vi: 'Chỉ người đang được giao xử lý mới thực hiện được thao tác này.', en: 'Only the holder of this assignment can do this.' },
  ADMIN_ONLY: { vi: 'Chỉ quản trị hệ thống được thực hiện thao tác này.', en: 'Only an administrator can do this.' },
  OWN_ROLES_NEED_ANOTHER_ADMIN: { vi: 'Không thể tự thay đổi vai trò của chính mình. Đề nghị một quản trị hệ thống khác thực hiện.', en: 'You cannot change your own roles. Ask another administrator to do it.' },
  LEADERS_AND_ADMINS_ONLY: { vi: 'Chỉ lãnh đạo cơ quan và quản trị hệ thống được xem nội dung này.', en: 'Only agency leaders and administrators can see this.' },
  ORGAN_ID_TAKEN: { vi: 'Mã định danh này đã được dùng cho một cơ quan khác.', en: 'This OrganId is already used by another agency.' },
  SECRET_FILE: { vi: 'Văn bản mật: chỉ văn thư, lãnh đạo và người được giao đích danh mới xem được tệp.', en: 'Secret document: only the clerk, the leaders and named assignees may open its files.' },
  NOT_FOUND: { vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'Not found.' },
  DOCUMENT_NOT_FOUND: { vi: 'Không tìm thấy văn bản.', en: 'Document not found.' },
  EDIT_AFTER_ASSIGNMENT: { vi: 'Văn bản đã được phân công xử lý nên không thể sửa thông tin.', en: 'The document is already assigned and can no longer be corrected.' },
  INVALID_STATE: { vi: 'Văn bản đang ở trạng thái không cho phép thao tác này.', en: 'The document is in a state that does not allow this.' },
  ASSIGNMENT_CLOSED: { vi: 'Phân công này đã kết thúc hoặc đã bị trả lại.', en: 'This assignment is already completed or returned.' },
  DUPLICATE_DOCUMENT: { vi: 'Văn bản cùng cơ quan ban hành và số, ký hiệu đã được đăng ký. Kiểm tra lại hoặc xác nhận đăng ký tiếp.', en: 'A document with the same issuer and reference is already registered. Check it, or confirm to register anyway.' },
  FILE_REQUIRED: { vi: 'Cần đính kèm ít nhất một tệp (PDF, ảnh hoặc DOCX).', en: 'Attach at least one file (PDF, image or DOCX).' },
  FILE_TOO_LARGE: { vi: 'Tệp "{{name}}" vượt quá dung lượng cho phép {{maxMb}} MB.', en: 'File "{{name}}" is larger than the {{maxMb}} MB limit.' },
  FILE_TYPE_NOT_ALLOWED: { vi: 'Tệp "{{name}}" không thuộc loại được phép (PDF, JPG, PNG, TIFF, DOCX, XLSX).', en: 'File "{{name}}" is not an allowed type (PDF, JPG, PNG, TIFF, DOCX, XLSX).' },
  FILE_UNPACKS_TOO_LARGE: { vi: 'Tệp "{{name}}" khi giải nén có dung lượng bất thường (nghi tệp độc hại), không thể nhận.', en: 'File "{{name}}" unpacks to an abnormal size (possibly malicious) and cannot be accepted.' },
  UNEXPECTED_FILE_FIELD: { vi: 'Tệp phải được gửi trong trường "{{expected}}" (không nhận tệp trong trường "{{field}}").', en: 'Files must be sent in the "{{expected}}" field (not in "{{field}}").' },
  FILE_MISSING: { vi: 'Tệp "{{name}}" không còn trên máy chủ lưu trữ (có thể do hỏng ổ đĩa). Vui lòng báo quản trị hệ thống.', en: 'File "{{name}}" is missing from the server storage (possibly disk damage). Please tell the administrator.' },
  UPLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  TOO_MANY_FIELDS: { vi: 'Biểu mẫu tải lên có quá nhiều trường dữ liệu. Chỉ gửi thông tin văn bản và các tệp đính kèm.', en: 'The upload form has too many fields. Send only the document details and the files.' },
  MALFORMED_MULTIPART: { vi: 'Dữ liệu tải lên bị lỗi hoặc không trọn vẹn (có thể do mất kết nối). Vui lòng gửi lại.', en: 'The upload is malformed or incomplete (perhaps the connection dropped). Please send it again.' },
  TOO_MANY_FILES: { vi: 'Chỉ được đính kèm tối đa {{max}} tệp.', en: 'At most {{max}} files can be attached.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng dữ liệu gửi lên không được hỗ trợ (cần JSON).', en: 'Unsupported content type (JSON expected).' },
  NOT_MULTIPART: { vi: 'Yêu cầu phải gửi dạng multipart/form-data (thông tin văn bản và tệp).', en: 'The request must be multipart/form-data (metadata and files).' },
  USERNAME_TAKEN: { vi: 'Tên đăng nhập đã tồn tại.', en: 'This username is already taken.' },
  DIRECTORY_ENTRY_EXISTS: { vi: 'Danh bạ đã có cơ quan cùng tên hoặc cùng mã định danh.', en: 'The directory already has an agency with this name or code.' },
  DIRECTORY_KEEPERS_ONLY: { vi: 'Chỉ văn thư và quản trị được thêm cơ quan vào danh bạ.', en: 'Only the clerk and the administrator can add agencies to the directory.' },
  UNIT_NAME_TAKEN: { vi: 'Cơ quan đã có đơn vị mang tên này.', en: 'The agency already has a unit with this name.' },
  UNIT_HAS_MEMBERS: { vi: 'Không thể xóa đơn vị còn cán bộ hoặc đơn vị con.', en: 'A unit with members or sub-units cannot be removed.' },
  USER_HOLDS_WORK: { vi: 'Cán bộ này đang giữ văn bản cần xử lý. Chọn người nhận bàn giao trước khi khóa tài khoản.', en: 'This official still holds work. Choose who takes it over before deactivating the account.' },
  CANNOT_DEACTIVATE_SELF: { vi: 'Không thể tự khóa tài khoản của chính mình.', en: 'You cannot deactivate your own account.' },
  NOT_DRAFTER: { vi: 'Chỉ người soạn thảo mới sửa, thêm phiên bản hoặc trình dự thảo này.', en: 'Only the drafter can revise, add versions to or submit this draft.' },
  DRAFT_LOCKED: { vi: 'Dự thảo đang được trình duyệt hoặc đã được duyệt nên không sửa được. Đề nghị người đang giữ bước duyệt trả lại nếu cần sửa.', en: 'The draft is under review or approved and cannot be changed. Ask the reviewer holding it to return it if it needs changes.' },
  NOT_CURRENT_REVIEWER: { vi: 'Dự thảo đang chờ người khác duyệt; chỉ người đang giữ bước duyệt hiện tại mới duyệt, trả lại hoặc chuyển được.', en: 'The draft is waiting for someone else; only the holder of the current review step can approve, return or forward it.' },
  NO_REVIEWERS: { vi: 'Không xác định được người duyệt cho dự thảo này (chưa có trưởng đơn vị, lãnh đạo phụ trách hoặc giám đốc). Đề nghị quản trị kiểm tra quy trình duyệt.', en: 'No reviewer could be found for this draft (no unit head, supervising leader or director). Ask the administrator to check the approval chain.' },
  MAIN_FILE_REQUIRED: { vi: 'Cần tải lên tệp dự thảo (DOCX hoặc PDF).', en: 'Upload the draft file (DOCX or PDF).' },
  MAIN_FILE_TYPE: { vi: 'Tệp dự thảo phải là DOCX hoặc PDF.', en: 'The draft file must be a DOCX or a PDF.' },
  ONLY_CLERK_ISSUES: { vi: 'Chỉ văn thư được cấp số và phát hành văn bản đi.', en: 'Only a clerk can number and issue outgoing documents.' },
  NOT_APPROVED: { vi: 'Văn bản chưa được duyệt ký nên chưa phát hành được.', en: 'The document has not been approved for signing and cannot be issued yet.' },
  ISSUED_IS_FROZEN: { vi: 'Văn bản đã phát hành không được sửa; nếu có sai sót, ban hành văn bản thay thế hoặc đính chính.', en: 'An issued document cannot be changed; issue a replacement or a correction instead.' },
  RECIPIENT_INACTIVE: { vi: 'Nơi nhận "{{name}}" không còn hoạt động. Sửa nơi nhận trước khi phát hành.', en: 'Recipient "{{name}}" is no longer active. Correct the recipients before issuing.' },
  PDF_NOT_READY: { vi: 'Bản PDF của phiên bản này chưa có (đang chuyển đổi, hoặc không chuyển đổi được: {{reason}}). Có thể tải lên bản PDF thay thế.', en: 'The PDF of this version is not available yet (being converted, or the conversion failed: {{reason}}). You can upload a PDF instead.' },
  NOT_DRAFTER_OR_REVIEWER: { vi: 'Chỉ người soạn thảo hoặc người tham gia duyệt mới xin ý kiến về dự thảo này.', en: 'Only the drafter or a reviewer can ask for comments on this draft.' },
  NOT_CONSULTED: { vi: 'Bạn không được xin ý kiến trong lượt này (hoặc không phải lãnh đạo của đơn vị được hỏi).', en: 'You were not asked in this consultation (or you do not head the unit asked).' },
  ALREADY_ANSWERED: { vi: 'Ý kiến đã được gửi; mỗi đơn vị, cán bộ chỉ trả lời một lần.', en: 'This answer was already given; each unit or official answers once.' },
  CONSULTATION_OPEN: { vi: 'Dự thảo đang chờ ý kiến bắt buộc của đơn vị, cán bộ được hỏi; chưa duyệt được.', en: 'The draft is waiting for required answers to a consultation and cannot be approved yet.' },
  FORWARD_TO_SELF: { vi: 'Không thể chuyển dự thảo cho chính mình.', en: 'You cannot forward the draft to yourself.' },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  INVALID_ADDRESS: { vi: 'Địa chỉ yêu cầu không hợp lệ.', en: 'The requested address is not valid.' },
  ADDRESS_TOO_LONG: { vi: 'Địa chỉ yêu cầu quá dài.', en: 'The requested address is too long.' },
  HEADERS_TOO_LARGE: { vi: 'Phần đầu của yêu cầu (cookie) quá lớn. Hãy xóa cookie của trang này rồi thử lại.', en: 'The request headers (cookies) are too large. Clear this site\'s cookies and try again.' },
  REQUEST_TIMEOUT: { vi: 'Yêu cầu gửi đến quá chậm nên đã bị ngắt. Vui lòng thử lại.', en: 'The request took too long to arrive. Please try again.' },
  SERVER_BUSY: { vi: 'Hệ thống đang quá tải, chưa xử lý được yêu cầu. Vui lòng thử lại sau {{seconds}} giây.', en: 'The server is too busy to handle the request. Please try again in {{seconds}} seconds.' },
  DATABASE_UNAVAILABLE: { vi: 'Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút hoặc liên hệ quản trị.', en: 'The database is temporarily unavailable. Try again in a few minutes or contact the administrator.' },
  INTERNAL: { vi: 'Hệ thống gặp lỗi. Vui lòng thử lại hoặc liên hệ quản trị.', en: 'Something went wrong. Try again or contact the administrator.' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface LocalizedText { vi: string; en: string }

export interface FieldError { field: string; code: string; message: LocalizedText }

export interface ErrorBody {
  error: { code: ErrorCode; message: LocalizedText; fields?: FieldError[]; details?: unknown };
}

export function formatMessage(code: ErrorCode, params: Record<string, string | number> = {}): LocalizedText {
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
  const template = ERROR_MESSAGES[code];
  return { vi: fill(template.vi), en: fill(template.en) };
}

/**
 * The reasons a single field is refused that the server states itself (beyond the schema's own
 * checks), in both languages; the field's label is put in front of them.
 */
export const FIELD_MESSAGES = {
  NOT_ACTIVE_LEADER: { vi: 'phải là lãnh đạo cơ quan đang hoạt động (có vai trò lãnh đạo)', en: 'must be an active leader of this agency (with the leader role)' },
  STEP_REPEATED: { vi: 'mỗi bước chỉ được chọn một lần', en: 'each step may appear only once' },
  SIGNER_NOT_LAST: { vi: 'bước "Người ký" phải là bước cuối cùng (người ký duyệt bản cuối)', en: 'the "Signer" step must be the last one (the signer approves the final version)' },
  STEPS_OR_TYPE: { vi: 'cần chọn loại văn bản hoặc danh sách bước để xem trước', en: 'give a document type or a list of steps to preview' },
} as const satisfies Record<string, LocalizedText>;
export type FieldMessage = keyof typeof FIELD_MESSAGES;

/** Field labels used in per-field validation messages. */
export const FIELD_LABELS: Record<string, LocalizedText> = {
  issuer: { vi: 'Cơ quan ban hành', en: 'Issuer' },
  number: { vi: 'Số văn bản', en: 'Number' },
  notation: { vi: 'Ký hiệu', en: 'Notation' },
  issuedOn: { vi: 'Ngày văn bản', en: 'Document date' },
  documentType: { vi: 'Loại văn bản', en: 'Document type' },
  summary: { vi: 'Trích yếu', en: 'Summary' },
  signer: { vi: 'Người ký', en: 'Signer' },
  urgency: { vi: 'Độ khẩn', en: 'Urgency' },
  secrecy: { vi: 'Độ mật', en: 'Secrecy' },
  pageCount: { vi: 'Số trang', en: 'Page count' },
  dueDate: { vi: 'Hạn xử lý', en: 'Due date' },
  files: { vi: 'Tệp đính kèm', en: 'Attachments' },
  leaderId: { vi: 'Lãnh đạo', en: 'Leader' },
  direction: { vi: 'Ý kiến chỉ đạo', en: 'Direction' },
  assignments: { vi: 'Phân công', en: 'Assignments' },
  reason: { vi: 'Lý do', en: 'Reason' },
  note: { vi: 'Nội dung', en: 'Note' },
  result: { vi: 'Kết quả xử lý', en: 'Result' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  currentPassword: { vi: 'Mật khẩu hiện tại', en: 'Current password' },
  newPassword: { vi: 'Mật khẩu mới', en: 'New password' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  position: { vi: 'Chức vụ', en: 'Position' },
  roles: { vi: 'Vai trò', en: 'Roles' },
  unitId: { vi: 'Đơn vị', en: 'Unit' },
  userId: { vi: 'Cán bộ', en: 'Official' },
  successorId: { vi: 'Người nhận bàn giao', en: 'Successor' },
  name: { vi: 'Tên', en: 'Name' },
  parentId: { vi: 'Đơn vị cấp trên', en: 'Parent unit' },
  shortName: { vi: 'Tên viết tắt', en: 'Short name' },
  organId: { vi: 'Mã định danh', en: 'OrganId' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  page: { vi: 'Trang', en: 'Page' },
  pageSize: { vi: 'Số dòng mỗi trang', en: 'Page size' },
  metadata: { vi: 'Thông tin văn bản', en: 'Document details' },
  csv: { vi: 'Tệp CSV', en: 'CSV file' },
  issuerId: { vi: 'Cơ quan ban hành', en: 'Issuer' },
  draftingUnitId: { vi: 'Đơn vị soạn thảo', en: 'Drafting unit' },
  signerId: { vi: 'Người ký', en: 'Signer' },
  signingForm: { vi: 'Hình thức ký', en: 'Signing form' },
  recipients: { vi: 'Nơi nhận', en: 'Recipients' },
  replyToId: { vi: 'Văn bản đến được trả lời', en: 'Incoming document answered' },
  comment: { vi: 'Ý kiến', en: 'Comment' },
  copies: { vi: 'Số lượng bản', en: 'Copies' },
  steps: { vi: 'Các bước duyệt', en: 'Steps' },
  supervisorId: { vi: 'Lãnh đạo phụ trách', en: 'Supervising leader' },
  drafterId: { vi: 'Người soạn thảo', en: 'Drafter' },
  documentTypeChain: { vi: 'Loại văn bản', en: 'Document type' },
  question: { vi: 'Nội dung xin ý kiến', en: 'Question' },
  opinion: { vi: 'Ý kiến', en: 'Opinion' },
  blocking: { vi: 'Chờ ý kiến trước khi duyệt', en: 'Wait for answers before approval' },
};
