// Error codes with their Vietnamese and English text. The server sends both; the web shows the
// one of the current language. `{{name}}` is replaced by the error's params.
export const ERROR_MESSAGES = {
  VALIDATION: { vi: 'Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.', en: 'Some fields are invalid; please check the marked fields.' },
  INVALID_JSON: { vi: 'Dữ liệu gửi lên không đúng định dạng JSON.', en: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { vi: 'Bạn cần đăng nhập để tiếp tục.', en: 'Please sign in to continue.' },
  INVALID_CREDENTIALS: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  ACCOUNT_INACTIVE: { vi: 'Tài khoản đã bị khóa. Liên hệ quản trị hệ thống.', en: 'This account is deactivated. Contact the administrator.' },
  TOO_MANY_ATTEMPTS: { vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {{minutes}} phút.', en: 'Too many failed sign-ins. Try again in {{minutes}} minutes.' },
  WRONG_PASSWORD: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  ONLY_CLERK_REGISTERS: { vi: 'Chỉ văn thư được đăng ký văn bản đến.', en: 'Only a clerk can register incoming documents.' },
  ONLY_CLERK_EDITS: { vi: 'Chỉ văn thư được sửa thông tin và tệp của văn bản đến.', en: 'Only a clerk can correct an incoming document.' },
  ONLY_CLERK_SUBMITS: { vi: 'Chỉ văn thư được trình văn bản.', en: 'Only a clerk can submit documents.' },
  ONLY_LEADER_ASSIGNS: { vi: 'Chỉ lãnh đạo cơ quan được phân công xử lý lần đầu.', en: 'Only an agency leader can make the first assignment.' },
  NOT_ASSIGNMENT_HOLDER: { vi: 'Chỉ người đang được giao xử lý mới thực hiện được thao tác này.', en: 'Only the holder of this assignment can do this.' },
  ADMIN_ONLY: { vi: 'Chỉ quản trị hệ thống được thực hiện thao tác này.', en: 'Only an administrator can do this.' },
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
  UPLOAD_TOO_LARGE: { vi: 'Dữ liệu tải lên quá lớn hoặc có quá nhiều trường.', en: 'The upload is too large or has too many parts.' },
  TOO_MANY_FILES: { vi: 'Chỉ được đính kèm tối đa {{max}} tệp.', en: 'At most {{max}} files can be attached.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng dữ liệu gửi lên không được hỗ trợ (cần JSON).', en: 'Unsupported request format (JSON expected).' },
  NOT_MULTIPART: { vi: 'Yêu cầu phải gửi dạng multipart/form-data (thông tin văn bản và tệp).', en: 'The request must be multipart/form-data (metadata and files).' },
  USERNAME_TAKEN: { vi: 'Tên đăng nhập đã tồn tại.', en: 'This username is already taken.' },
  UNIT_HAS_MEMBERS: { vi: 'Không thể xóa đơn vị còn cán bộ hoặc đơn vị con.', en: 'A unit with members or sub-units cannot be removed.' },
  CANNOT_DEACTIVATE_SELF: { vi: 'Không thể tự khóa tài khoản của chính mình.', en: 'You cannot deactivate your own account.' },
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
  name: { vi: 'Tên', en: 'Name' },
  parentId: { vi: 'Đơn vị cấp trên', en: 'Parent unit' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  page: { vi: 'Trang', en: 'Page' },
  pageSize: { vi: 'Số dòng mỗi trang', en: 'Page size' },
  metadata: { vi: 'Thông tin văn bản', en: 'Document details' },
};
