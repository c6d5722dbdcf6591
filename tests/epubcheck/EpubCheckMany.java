import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

/** Checks many EPUBs in one JVM: prints "RESULT <file> <fatals> <errors> <warnings>". */
public class EpubCheckMany {
    public static void main(String[] args) {
        for (String f : args) {
            DefaultReportImpl report = new DefaultReportImpl(f);
            new EpubCheck(new File(f), report).doValidate();
            System.out.println("RESULT " + f + " " + report.getFatalErrorCount() + " "
                + report.getErrorCount() + " " + report.getWarningCount());
        }
    }
}
