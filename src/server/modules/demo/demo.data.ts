// The demo agency: Sở Thông tin và Truyền thông tỉnh Điện Biên, with realistic people and documents.
import type { DocumentType, Position, Role, Urgency, Secrecy } from '../../../shared/enums.js';

export const DEMO_PASSWORD = 'VanPhong@2026';

export const DEMO_AGENCY = { name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', shortName: 'STTTT' };
export const OTHER_AGENCY = { name: 'Sở Nội vụ tỉnh Điện Biên', shortName: 'SNV' };

/** `supervisor`: the leader in charge of the unit (lãnh đạo phụ trách), as the director shares the units among the deputies. */
export const DEMO_UNITS = [
  { key: 'vp', name: 'Văn phòng Sở', shortName: 'VP', supervisor: 'giamdoc' },
  { key: 'khtc', name: 'Phòng Kế hoạch - Tài chính', shortName: 'KHTC', supervisor: 'phogiamdoc2' },
  { key: 'cntt', name: 'Phòng Công nghệ thông tin', shortName: 'CNTT', supervisor: 'phogiamdoc' },
  { key: 'bcvt', name: 'Phòng Bưu chính, Viễn thông và Báo chí', shortName: 'BCVTBC', supervisor: 'phogiamdoc' },
] as const;
export type UnitKey = (typeof DEMO_UNITS)[number]['key'];

export interface DemoUser {
  username: string;
  fullName: string;
  position: Position;
  roles: Role[];
  unit: UnitKey;
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'giamdoc', fullName: 'Nguyễn Văn Hùng', position: 'director', roles: ['leader'], unit: 'vp', description: 'Giám đốc Sở (lãnh đạo)' },
  { username: 'phogiamdoc', fullName: 'Lò Thị Mai', position: 'deputy_director', roles: ['leader'], unit: 'vp', description: 'Phó Giám đốc (lãnh đạo)' },
  { username: 'phogiamdoc2', fullName: 'Trần Quốc Bảo', position: 'deputy_director', roles: ['leader'], unit: 'vp', description: 'Phó Giám đốc (lãnh đạo)' },
  { username: 'chanhvanphong', fullName: 'Đỗ Thị Hương', position: 'chief_of_office', roles: ['unit_head'], unit: 'vp', description: 'Chánh Văn phòng (lãnh đạo phòng)' },
  { username: 'vanthu', fullName: 'Phạm Thị Lan', position: 'clerk', roles: ['clerk'], unit: 'vp', description: 'Văn thư' },
  { username: 'quantri', fullName: 'Quàng Văn Sơn', position: 'specialist', roles: ['admin', 'specialist'], unit: 'vp', description: 'Quản trị hệ thống' },
  { username: 'tp.khtc', fullName: 'Hoàng Văn Nam', position: 'head_of_unit', roles: ['unit_head'], unit: 'khtc', description: 'Trưởng phòng Kế hoạch - Tài chính' },
  { username: 'cv.khtc', fullName: 'Vũ Thị Hoa', position: 'specialist', roles: ['specialist'], unit: 'khtc', description: 'Chuyên viên phòng KHTC' },
  { username: 'tp.cntt', fullName: 'Lê Minh Tuấn', position: 'head_of_unit', roles: ['unit_head'], unit: 'cntt', description: 'Trưởng phòng Công nghệ thông tin' },
  { username: 'pp.cntt', fullName: 'Nguyễn Thị Thu', position: 'deputy_head_of_unit', roles: ['unit_head'], unit: 'cntt', description: 'Phó Trưởng phòng CNTT' },
  { username: 'cv.cntt', fullName: 'Đặng Văn Long', position: 'specialist', roles: ['specialist'], unit: 'cntt', description: 'Chuyên viên phòng CNTT' },
  { username: 'cv.cntt2', fullName: 'Bùi Thị Ngọc', position: 'specialist', roles: ['specialist'], unit: 'cntt', description: 'Chuyên viên phòng CNTT' },
  { username: 'tp.bcvt', fullName: 'Cầm Văn Thắng', position: 'head_of_unit', roles: ['unit_head'], unit: 'bcvt', description: 'Trưởng phòng BCVT&BC' },
  { username: 'cv.bcvt', fullName: 'Lường Thị Duyên', position: 'specialist', roles: ['specialist'], unit: 'bcvt', description: 'Chuyên viên phòng BCVT&BC' },
];

export const OTHER_AGENCY_USERS: (Omit<DemoUser, 'unit'> & { unit: 'vp' })[] = [
  { username: 'vanthu.snv', fullName: 'Mùa Thị Dung', position: 'clerk', roles: ['clerk'], unit: 'vp', description: 'Văn thư Sở Nội vụ (cơ quan khác)' },
  { username: 'giamdoc.snv', fullName: 'Tòng Văn Chiến', position: 'director', roles: ['leader'], unit: 'vp', description: 'Giám đốc Sở Nội vụ (cơ quan khác)' },
];

/** Where a demo document ends up: each state of the workflow appears several times. */
/** How far a demo document got: each stage includes the ones before it. */
export type DemoStage = 'registered' | 'submitted' | 'returned_to_clerk' | 'assigned' | 'forwarded' | 'noted' | 'proposed' | 'awaiting_leader' | 'completed' | 'returned';

export interface DemoDocument {
  daysAgo: number;
  issuer: string;
  number: string;
  notation: string;
  documentType: DocumentType;
  summary: string;
  signer: string;
  urgency: Urgency;
  secrecy?: Secrecy;
  pages: number;
  dueInDays?: number;
  lead: UnitKey;
  coordinate?: UnitKey[];
  stage: DemoStage;
}

const UBND = 'UBND tỉnh Điện Biên';
const BO = 'Bộ Thông tin và Truyền thông';

export const DEMO_DOCUMENTS: DemoDocument[] = [
  { daysAgo: 40, issuer: BO, number: '1520', notation: 'BTTTT-CĐSQG', documentType: 'official_letter', summary: 'V/v hướng dẫn triển khai Kế hoạch chuyển đổi số năm 2026', signer: 'Nguyễn Huy Dũng', urgency: 'normal', pages: 4, dueInDays: 20, lead: 'cntt', coordinate: ['khtc'], stage: 'completed' },
  { daysAgo: 38, issuer: UBND, number: '245', notation: 'QĐ-UBND', documentType: 'decision', summary: 'Quyết định phê duyệt danh mục dự án ứng dụng công nghệ thông tin năm 2026', signer: 'Lê Thành Đô', urgency: 'urgent', pages: 6, dueInDays: 15, lead: 'khtc', coordinate: ['cntt'], stage: 'completed' },
  { daysAgo: 36, issuer: 'Sở Tài chính tỉnh Điện Biên', number: '312', notation: 'STC-QLNS', documentType: 'official_letter', summary: 'V/v thẩm định dự toán kinh phí duy trì hệ thống hội nghị truyền hình trực tuyến', signer: 'Vũ Văn Tân', urgency: 'normal', pages: 2, dueInDays: 10, lead: 'khtc', stage: 'completed' },
  { daysAgo: 35, issuer: 'Cục An toàn thông tin', number: '88', notation: 'CATTT-NCSC', documentType: 'official_letter', summary: 'V/v cảnh báo lỗ hổng bảo mật nghiêm trọng trên hệ điều hành Windows', signer: 'Trần Đăng Khoa', urgency: 'flash', pages: 3, dueInDays: 2, lead: 'cntt', stage: 'completed' },
  { daysAgo: 33, issuer: UBND, number: '58', notation: 'KH-UBND', documentType: 'plan', summary: 'Kế hoạch thực hiện cải cách hành chính tỉnh Điện Biên năm 2026', signer: 'Vừ A Bằng', urgency: 'normal', pages: 12, dueInDays: 25, lead: 'vp', coordinate: ['cntt', 'khtc', 'bcvt'], stage: 'completed' },
  { daysAgo: 31, issuer: 'Bưu điện tỉnh Điện Biên', number: '140', notation: 'BĐĐB-KD', documentType: 'report', summary: 'Báo cáo kết quả cung cấp dịch vụ bưu chính công ích quý III năm 2026', signer: 'Lò Văn Phương', urgency: 'normal', pages: 5, dueInDays: 14, lead: 'bcvt', stage: 'completed' },
  { daysAgo: 30, issuer: 'Văn phòng UBND tỉnh Điện Biên', number: '1023', notation: 'VP-KGVX', documentType: 'invitation', summary: 'Giấy mời dự họp trực tuyến sơ kết công tác chuyển đổi số 9 tháng đầu năm', signer: 'Nguyễn Trung Kiên', urgency: 'very_urgent', pages: 1, dueInDays: 3, lead: 'vp', stage: 'completed' },
  { daysAgo: 28, issuer: 'Viettel Điện Biên', number: '76', notation: 'VTĐB-KHDN', documentType: 'official_letter', summary: 'V/v đề nghị phối hợp phát triển hạ tầng trạm BTS tại các xã vùng sâu, vùng xa', signer: 'Giàng A Lử', urgency: 'normal', pages: 3, dueInDays: 20, lead: 'bcvt', stage: 'completed' },
  { daysAgo: 26, issuer: BO, number: '2044', notation: 'BTTTT-VP', documentType: 'notice', summary: 'Thông báo kết luận của Bộ trưởng tại Hội nghị giao ban quản lý nhà nước quý III', signer: 'Hoàng Minh Cường', urgency: 'normal', pages: 7, dueInDays: 10, lead: 'vp', coordinate: ['cntt', 'bcvt'], stage: 'returned' },
  { daysAgo: 24, issuer: UBND, number: '1187', notation: 'UBND-KT', documentType: 'official_letter', summary: 'V/v rà soát, báo cáo tình hình sử dụng chữ ký số trong cơ quan nhà nước', signer: 'Lò Văn Tiến', urgency: 'urgent', pages: 2, dueInDays: 7, lead: 'cntt', stage: 'noted' },
  { daysAgo: 22, issuer: 'Sở Kế hoạch và Đầu tư tỉnh Điện Biên', number: '455', notation: 'SKHĐT-TH', documentType: 'official_letter', summary: 'V/v xây dựng kế hoạch đầu tư công trung hạn giai đoạn 2026-2030', signer: 'Lê Văn Lực', urgency: 'normal', pages: 4, dueInDays: 12, lead: 'khtc', stage: 'awaiting_leader' },
  { daysAgo: 20, issuer: 'Công an tỉnh Điện Biên', number: '318', notation: 'CAT-ANM', documentType: 'official_letter', summary: 'V/v phối hợp bảo đảm an ninh mạng trong dịp kỷ niệm ngày thành lập tỉnh', signer: 'Nguyễn Hữu Hùng', urgency: 'very_urgent', secrecy: 'confidential', pages: 3, dueInDays: 5, lead: 'cntt', stage: 'forwarded' },
  { daysAgo: 18, issuer: UBND, number: '67', notation: 'CT-UBND', documentType: 'directive', summary: 'Chỉ thị về tăng cường công tác bảo đảm an toàn thông tin mạng trên địa bàn tỉnh', signer: 'Lê Thành Đô', urgency: 'urgent', pages: 5, dueInDays: 10, lead: 'cntt', coordinate: ['vp'], stage: 'forwarded' },
  { daysAgo: 16, issuer: 'Sở Nội vụ tỉnh Điện Biên', number: '902', notation: 'SNV-CCHC', documentType: 'official_letter', summary: 'V/v đề nghị cung cấp số liệu chỉ số cải cách hành chính năm 2026', signer: 'Tòng Văn Chiến', urgency: 'normal', pages: 2, dueInDays: 6, lead: 'vp', stage: 'forwarded' },
  { daysAgo: 15, issuer: 'Báo Điện Biên Phủ', number: '45', notation: 'BĐBP-TS', documentType: 'official_letter', summary: 'V/v đề nghị cấp phép xuất bản đặc san kỷ niệm 70 năm Chiến thắng Điện Biên Phủ', signer: 'Phạm Đức Toàn', urgency: 'normal', pages: 3, dueInDays: 15, lead: 'bcvt', stage: 'assigned' },
  { daysAgo: 14, issuer: BO, number: '2311', notation: 'BTTTT-KHTC', documentType: 'guidance', summary: 'Hướng dẫn lập dự toán ngân sách nhà nước năm 2027 lĩnh vực thông tin và truyền thông', signer: 'Phạm Đức Long', urgency: 'normal', pages: 9, dueInDays: 20, lead: 'khtc', stage: 'assigned' },
  { daysAgo: 12, issuer: UBND, number: '1402', notation: 'UBND-VX', documentType: 'official_letter', summary: 'V/v triển khai nền tảng họp trực tuyến đến cấp xã', signer: 'Lò Văn Tiến', urgency: 'urgent', pages: 2, dueInDays: 8, lead: 'cntt', coordinate: ['khtc'], stage: 'assigned' },
  { daysAgo: 11, issuer: 'Trung tâm Giám sát an toàn không gian mạng quốc gia', number: '133', notation: 'NCSC-GS', documentType: 'official_letter', summary: 'V/v cảnh báo chiến dịch tấn công có chủ đích vào hệ thống thư điện tử công vụ', signer: 'Trần Quang Hưng', urgency: 'flash', pages: 2, dueInDays: 1, lead: 'cntt', stage: 'proposed' },
  { daysAgo: 10, issuer: 'UBND huyện Mường Chà', number: '210', notation: 'UBND-VHTT', documentType: 'report', summary: 'Báo cáo tình hình hoạt động của đài truyền thanh cơ sở năm 2026', signer: 'Vàng A Sình', urgency: 'normal', pages: 6, dueInDays: 15, lead: 'bcvt', stage: 'noted' },
  { daysAgo: 9, issuer: 'Sở Giáo dục và Đào tạo tỉnh Điện Biên', number: '1566', notation: 'SGDĐT-VP', documentType: 'official_letter', summary: 'V/v đề nghị hỗ trợ kết nối Internet cho các điểm trường vùng khó khăn', signer: 'Bùi Thị Hương', urgency: 'normal', pages: 2, dueInDays: 14, lead: 'bcvt', coordinate: ['cntt'], stage: 'forwarded' },
  { daysAgo: 8, issuer: UBND, number: '302', notation: 'QĐ-UBND', documentType: 'decision', summary: 'Quyết định ban hành Quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh Điện Biên', signer: 'Vừ A Bằng', urgency: 'normal', pages: 10, dueInDays: 30, lead: 'cntt', stage: 'assigned' },
  { daysAgo: 7, issuer: 'Kho bạc Nhà nước Điện Biên', number: '521', notation: 'KBĐB-KSC', documentType: 'notice', summary: 'Thông báo kết quả kiểm soát chi ngân sách quý III năm 2026', signer: 'Nguyễn Thị Hằng', urgency: 'normal', pages: 3, dueInDays: 10, lead: 'khtc', stage: 'returned' },
  { daysAgo: 6, issuer: BO, number: '2480', notation: 'BTTTT-BCVT', documentType: 'official_letter', summary: 'V/v thống kê, báo cáo số liệu thuê bao di động trả trước', signer: 'Nguyễn Phong Nhã', urgency: 'urgent', pages: 2, dueInDays: 5, lead: 'bcvt', stage: 'submitted' },
  { daysAgo: 5, issuer: UBND, number: '1550', notation: 'UBND-TH', documentType: 'official_letter', summary: 'V/v chuẩn bị nội dung phục vụ đoàn công tác của Bộ Thông tin và Truyền thông', signer: 'Lò Văn Tiến', urgency: 'very_urgent', pages: 2, dueInDays: 3, lead: 'vp', stage: 'submitted' },
  { daysAgo: 4, issuer: 'Sở Y tế tỉnh Điện Biên', number: '812', notation: 'SYT-VP', documentType: 'official_letter', summary: 'V/v đề nghị hướng dẫn kết nối hệ thống hồ sơ sức khỏe điện tử với LGSP tỉnh', signer: 'Lê Văn Hưng', urgency: 'normal', pages: 2, dueInDays: 10, lead: 'cntt', stage: 'submitted' },
  { daysAgo: 3, issuer: 'Hội Nhà báo tỉnh Điện Biên', number: '19', notation: 'HNB-VP', documentType: 'invitation', summary: 'Giấy mời dự Lễ trao Giải Báo chí tỉnh Điện Biên lần thứ XII', signer: 'Trần Văn Hòa', urgency: 'normal', pages: 1, lead: 'bcvt', stage: 'returned_to_clerk' },
  { daysAgo: 3, issuer: UBND, number: '89', notation: 'TB-UBND', documentType: 'notice', summary: 'Thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo chuyển đổi số tỉnh', signer: 'Lê Thành Đô', urgency: 'normal', pages: 3, dueInDays: 7, lead: 'vp', stage: 'submitted' },
  { daysAgo: 2, issuer: 'Sở Tài nguyên và Môi trường tỉnh Điện Biên', number: '671', notation: 'STNMT-CNTT', documentType: 'official_letter', summary: 'V/v góp ý dự thảo kiến trúc Chính quyền điện tử tỉnh phiên bản 3.0', signer: 'Quàng Văn Thái', urgency: 'urgent', pages: 4, dueInDays: 6, lead: 'cntt', stage: 'submitted' },
  { daysAgo: 1, issuer: 'VNPT Điện Biên', number: '302', notation: 'VNPTĐB-KHTCDN', documentType: 'official_letter', summary: 'V/v đề xuất phương án nâng cấp đường truyền số liệu chuyên dùng', signer: 'Đinh Văn Quý', urgency: 'normal', pages: 3, dueInDays: 12, lead: 'cntt', stage: 'registered' },
  { daysAgo: 1, issuer: BO, number: '2561', notation: 'BTTTT-THH', documentType: 'telegram', summary: 'Công điện về việc bảo đảm thông tin liên lạc phục vụ phòng, chống mưa lũ', signer: 'Nguyễn Mạnh Hùng', urgency: 'flash', pages: 1, dueInDays: 1, lead: 'bcvt', stage: 'submitted' },
  { daysAgo: 0, issuer: UBND, number: '1603', notation: 'UBND-KGVX', documentType: 'official_letter', summary: 'V/v báo cáo kết quả thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư', signer: 'Lò Văn Tiến', urgency: 'urgent', pages: 2, dueInDays: 4, lead: 'cntt', stage: 'registered' },
  { daysAgo: 0, issuer: 'Sở Công Thương tỉnh Điện Biên', number: '455', notation: 'SCT-QLTM', documentType: 'official_letter', summary: 'V/v phối hợp tuyên truyền phát triển thương mại điện tử năm 2027', signer: 'Hà Văn Lợi', urgency: 'normal', pages: 2, dueInDays: 15, lead: 'bcvt', stage: 'registered' },
  { daysAgo: 0, issuer: 'Ban Dân tộc tỉnh Điện Biên', number: '120', notation: 'BDT-CS', documentType: 'official_letter', summary: 'V/v cung cấp thông tin phục vụ xây dựng chương trình phát thanh tiếng dân tộc', signer: 'Lầu A Pao', urgency: 'normal', pages: 2, lead: 'bcvt', stage: 'registered' },
  { daysAgo: 27, issuer: 'Thanh tra tỉnh Điện Biên', number: '77', notation: 'TTr-NV1', documentType: 'official_letter', summary: 'V/v cung cấp hồ sơ phục vụ thanh tra việc quản lý đầu tư dự án CNTT', signer: 'Lò Thị Bích', urgency: 'urgent', secrecy: 'confidential', pages: 2, dueInDays: 8, lead: 'khtc', stage: 'noted' },
  { daysAgo: 21, issuer: UBND, number: '1250', notation: 'UBND-NC', documentType: 'official_letter', summary: 'V/v tổng kết 5 năm thực hiện Chiến lược phát triển Chính phủ số', signer: 'Vừ A Bằng', urgency: 'normal', pages: 3, dueInDays: 10, lead: 'vp', coordinate: ['cntt'], stage: 'assigned' },
  { daysAgo: 19, issuer: 'Đài Phát thanh và Truyền hình Điện Biên', number: '98', notation: 'ĐPTTH-KT', documentType: 'submission', summary: 'Tờ trình đề nghị hỗ trợ kinh phí số hóa kho tư liệu phát thanh, truyền hình', signer: 'Lường Văn Phát', urgency: 'normal', pages: 4, dueInDays: 20, lead: 'khtc', coordinate: ['bcvt'], stage: 'completed' },
];
